package org.flotilla.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.flotilla.demo.federation.RoundView;
import org.flotilla.model.json.WireJson;
import tools.jackson.databind.JsonNode;

/** The end of a demo (and of a simulation): a table, the model's path, the URL, and optionally JSON. */
public final class Summary {

    private Summary() {
    }

    public static void print(PrintStream out, List<RoundView> rounds, JsonNode job, Path modelPath, URI url,
                      boolean keepsRunning) {
        out.println();
        out.printf("Job %s: %s%s%n", job.path("id").asString(""), job.path("state").asString(""),
                job.path("reason").isString() ? " (" + job.path("reason").asString() + ")" : "");
        out.println("| round | participants | train loss | test accuracy | seconds |");
        out.println("| ---: | ---: | ---: | ---: | ---: |");
        double total = 0;
        for (RoundView r : rounds) {
            out.printf(Locale.ROOT, "| %d | %d | %.4f | %.4f | %.1f |%n", r.round(), r.participants(), r.trainLoss(),
                    r.testAccuracy(), r.seconds());
            total += r.seconds();
        }
        out.printf(Locale.ROOT, "Final test accuracy %.4f after %d rounds, %.1f s of rounds.%n",
                finalAccuracy(rounds), rounds.size(), total);
        out.println("Final model (DL4J ModelSerializer zip): " + modelPath.toAbsolutePath());
        out.println("Coordinator: " + url + (keepsRunning ? ""
                : " (stopped with the demo; --keep-running keeps it up, --resume continues this run)"));
    }

    public static void writeJson(Path file, List<RoundView> rounds, Path modelPath) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rounds", rounds.stream().map(r -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", r.round());
            m.put("participants", r.participants());
            m.put("trainLoss", finite(r.trainLoss()));
            m.put("testAccuracy", finite(r.testAccuracy()));
            m.put("seconds", finite(r.seconds()));
            return m;
        }).toList());
        json.put("finalTestAccuracy", finite(finalAccuracy(rounds)));
        json.put("modelPath", modelPath.toAbsolutePath().toString());
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, WireJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static double finalAccuracy(List<RoundView> rounds) {
        for (int i = rounds.size() - 1; i >= 0; i--) {
            if (!Double.isNaN(rounds.get(i).testAccuracy())) {
                return rounds.get(i).testAccuracy();
            }
        }
        return Double.NaN;
    }

    private static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }
}
