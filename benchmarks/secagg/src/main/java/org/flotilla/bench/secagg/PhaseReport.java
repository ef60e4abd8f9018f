package org.flotilla.bench.secagg;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.flotilla.model.json.WireJson;
import tools.jackson.databind.JsonNode;

/**
 * The per-phase split ({@link PhaseTimes}) of rounds run elsewhere: reads the
 * {@code round-details.json} files the time-to-accuracy benchmark writes into each run's folder
 * (every round's detail as the coordinator gave it) and prints one table per file.
 *
 * <pre>java … PhaseReport benchmarks/out/runs/mlp-iid-secagg-…/round-details.json [more files]</pre>
 */
public final class PhaseReport {

    private PhaseReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.err.println("name one or more round-details.json files (benchmarks/out/runs/*/round-details.json)");
            System.exit(2);
        }
        for (String a : args) {
            Path file = Path.of(a);
            List<JsonNode> rounds = new ArrayList<>();
            WireJson.read(Files.readString(file), JsonNode.class).forEach(rounds::add);
            System.out.println(PhaseTimes.table(file.getParent().getFileName().toString(), rounds));
        }
    }
}
