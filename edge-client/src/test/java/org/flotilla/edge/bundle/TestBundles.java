package org.flotilla.edge.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.ResourceNeeds;
import org.flotilla.model.bundle.testing.BundleJars;
import org.flotilla.model.signing.SigningKey;
import org.flotilla.model.signing.TrustedKeys;

/**
 * Bundles for the runner's tests, compiled from source into signed jars inside the test (package
 * {@code org.flotilla.testbundles}, on no class path but their jar's). Each extends {@code Echo}: a
 * model of {@code parameters} (job setting, default 8) parameters; a round adds 1 to each, and an
 * evaluation reports the mean parameter as its loss. The others misbehave in {@code train}.
 */
final class TestBundles {

    static final String PACKAGE = "org.flotilla.testbundles";

    private static final String ECHO = """
            package org.flotilla.testbundles;

            import java.util.Map;
            import org.flotilla.model.bundle.*;

            public class Echo implements TrainingProgram {
                protected int n;

                @Override
                public ModelInfo build(ProgramContext context) throws Exception {
                    n = context.settings().wholeNumber("parameters", 8, 1, 10_000_000);
                    float[] p = new float[n];
                    for (int i = 0; i < n; i++) {
                        p[i] = i;
                    }
                    return new ModelInfo(p, "echo of " + n);
                }

                @Override
                public RoundResult train(ProgramContext context, TrainRequest request) throws Exception {
                    Settings s = request.settings();
                    long sleep = (long) s.number("sleepMillis", 0, 0, 600_000);
                    for (long t = 0; t < sleep && !context.stop().isRequested(); t += 10) {
                        Thread.sleep(10);
                    }
                    int extra = s.wholeNumber("extraParameters", 0, -n + 1, 1000);
                    float[] out = java.util.Arrays.copyOf(request.globalParameters(), n + extra);
                    for (int i = 0; i < Math.min(n, out.length); i++) {
                        out[i] += 1;
                    }
                    return new RoundResult(out, context.train().size(), new RoundMetrics(0.5, 0.75, 0.01, 1000,
                            context.workers(), 1.0, Map.of("round", (double) request.round())));
                }

                @Override
                public Evaluation evaluate(ProgramContext context, EvalRequest request) {
                    double sum = 0;
                    for (float v : request.parameters()) {
                        sum += v;
                    }
                    return new Evaluation(context.heldOut().orElseThrow().size(), Math.abs(sum / request.parameters().length), 0.5);
                }
            }
            """;

    private TestBundles() {
    }

    /** The source of a bundle class {@code name} extending {@code Echo} whose {@code train} runs {@code body}. */
    static String trainer(String name, String imports, String body) {
        return "package " + PACKAGE + ";\n" + imports + "\nimport org.flotilla.model.bundle.*;\n"
                + "public class " + name + " extends Echo {\n"
                + "    @Override\n"
                + "    public RoundResult train(ProgramContext context, TrainRequest request) throws Exception {\n"
                + body + "\n    }\n}\n";
    }

    /** A signed jar of {@code Echo} (and {@code name} with {@code source} when not null), installed through a fresh installer. */
    static VerifiedBundle install(Path dir, String name, String source, int heapMegabytes, SigningKey key) throws IOException {
        Map<String, String> sources = new LinkedHashMap<>();
        sources.put(PACKAGE + ".Echo", ECHO);
        String entry = PACKAGE + ".Echo";
        if (source != null) {
            sources.put(PACKAGE + "." + name, source);
            entry = PACKAGE + "." + name;
        }
        Path jars = Files.createDirectories(dir.resolve("jars"));
        Path jar = BundleJars.compile(jars.resolve(name.toLowerCase() + ".jar"),
                new BundleManifest(name.toLowerCase(), "1.0", entry, 1, new ResourceNeeds(heapMegabytes, 2)), sources);
        BundleJars.sign(jar, key);
        InstallResult r = new BundleInstaller(dir.resolve("store"), TrustedKeys.of(key.publisherKey()),
                BundleInstaller.DEFAULT_MAX_JAR_BYTES).install(jar, null);
        if (!(r instanceof InstallResult.Installed installed)) {
            throw new IllegalStateException("test bundle not installed: " + r);
        }
        return installed.bundle();
    }

    /** The source of {@code Echo} alone. */
    static String echo() {
        return ECHO;
    }
}
