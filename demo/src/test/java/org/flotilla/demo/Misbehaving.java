package org.flotilla.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.ResourceNeeds;
import org.flotilla.model.bundle.testing.BundleJars;

/**
 * A bundle that misbehaves in {@code train} as its job setting {@code mode} says, for
 * {@link BundleEndToEndIT}: its model is a logistic regression's worth of zeros, so a job over
 * 28×28 images with the built-in {@code logreg} plan matches its size.
 */
enum Misbehaving {
    EXITS(1, 60),
    ALLOCATES(2, 60),
    SLEEPS_PAST_DEADLINE(3, 8),
    READS_IDENTITY(4, 60);

    private static final String SOURCE = """
            package org.flotilla.testbundles;

            import java.nio.file.*;
            import java.util.*;
            import org.flotilla.model.bundle.*;

            public class Misbehave implements TrainingProgram {
                private static final String[] IDENTITIES = {IDENTITY_PATHS};
                private int n;

                @Override
                public ModelInfo build(ProgramContext context) {
                    n = 28 * 28 * 10 + 10;
                    return new ModelInfo(new float[n], "misbehaving");
                }

                @Override
                public RoundResult train(ProgramContext context, TrainRequest request) throws Exception {
                    int mode = context.settings().wholeNumber("mode", 0, 0, 10);
                    if (mode == 1) {
                        System.exit(3);
                    } else if (mode == 2) {
                        List<long[]> hoard = new ArrayList<>();
                        while (true) {
                            hoard.add(new long[1 << 20]);
                        }
                    } else if (mode == 3) {
                        Thread.sleep(600_000);
                    } else if (mode == 4) {
                        StringBuilder seen = new StringBuilder("identity readable:");
                        for (String p : IDENTITIES) {
                            boolean readable;
                            try {
                                readable = Files.readAllBytes(Path.of(p)).length > 0;
                            } catch (Exception e) {
                                readable = false;
                            }
                            seen.append(' ').append(Path.of(p).getParent().getFileName()).append('=').append(readable);
                        }
                        throw new IllegalStateException(seen.toString());
                    }
                    return new RoundResult(request.globalParameters(), context.train().size(),
                            new RoundMetrics(1, 0.1, 0.01, 1, context.workers(), 1, Map.of()));
                }

                @Override
                public Evaluation evaluate(ProgramContext context, EvalRequest request) {
                    return new Evaluation(context.heldOut().orElseThrow().size(), 1, 0.1);
                }
            }
            """;

    private final int mode;
    private final int timeoutSeconds;

    Misbehaving(int mode, int timeoutSeconds) {
        this.mode = mode;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** The signed-to-be jar, compiled with the identity files it is to try. */
    static Path jar(Path dir, List<Path> identities) throws java.io.IOException {
        Files.createDirectories(dir);
        String paths = identities.stream().map(p -> "\"" + p.toAbsolutePath() + "\"").collect(Collectors.joining(", "));
        return BundleJars.compile(dir.resolve("misbehaving.jar"),
                new BundleManifest("misbehaving", "1.0", "org.flotilla.testbundles.Misbehave", 1, new ResourceNeeds(256, 1)),
                Map.of("org.flotilla.testbundles.Misbehave", SOURCE.replace("IDENTITY_PATHS", paths)));
    }

    /** A one-round job over the clients' images with this mode. */
    Map<String, Object> job(String bundleSha) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", "misbehaving-" + name().toLowerCase());
        job.put("model", Map.of("name", "logreg"));
        job.put("inputShape", List.of(1, 28, 28));
        job.put("numClasses", 10);
        job.put("rounds", 1);
        job.put("clientsPerRound", BundleEndToEndIT.CLIENTS);
        job.put("minClients", BundleEndToEndIT.CLIENTS);
        job.put("overSelection", 1.0);
        job.put("roundTimeoutSeconds", timeoutSeconds);
        job.put("selectionTimeoutSeconds", Math.min(timeoutSeconds, 30));
        job.put("maxRoundRetries", 0);
        job.put("bundle", Map.of("sha256", bundleSha, "settings", Map.of("mode", (double) mode)));
        return job;
    }
}
