package org.flotilla.edge.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs in the {@code integration-test} phase (failsafe) on the archive built in {@code package}:
 * unpacks it as an operator would and runs {@code bin/edge-client}.
 */
class ArchiveIT {

    @TempDir
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws Exception {
        Path archive = Path.of(System.getProperty("flotilla.archive", "target/missing.tar.gz"));
        assertThat(archive).as("the archive built by 'package'").isRegularFile();
        assertThat(exec(List.of("tar", "-xzf", archive.toString(), "-C", unpacked.toString()), null).code).isZero();
        try (Stream<Path> s = Files.list(unpacked)) {
            home = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void hasTheLayoutOperatorsAreTold() throws IOException {
        assertThat(home.resolve("bin/edge-client")).isExecutable();
        assertThat(home.resolve("conf/edge-client.properties")).isRegularFile();
        assertThat(home.resolve("systemd/flotilla-edge-client.service")).isRegularFile();
        List<String> jars;
        try (Stream<Path> s = Files.list(home.resolve("lib"))) {
            jars = s.map(p -> p.getFileName().toString()).toList();
        }
        String platform = platformOf(home.getFileName().toString());
        assertThat(jars).anyMatch(j -> j.startsWith("edge-client-")).anyMatch(j -> j.startsWith("shared-model-"))
                .anyMatch(j -> j.startsWith("openblas-") && j.endsWith("-" + platform + ".jar"));
        // one libnd4j build: the oneDNN one on x86-64 (FastTrainer's and DL4J's paths both run on it), else the generic one
        String build = platform.equals("linux-x86_64") ? platform + "-onednn" : platform;
        assertThat(jars.stream().filter(j -> j.matches("nd4j-native-[0-9].*") && j.contains("-" + platform)))
                .as("libnd4j builds").singleElement().satisfies(j -> assertThat(j).endsWith("-" + build + ".jar"));
        for (String other : List.of("linux-x86_64", "linux-arm64", "linux-armhf", "linux-ppc64le", "macosx-",
                "windows-", "android-", "ios-")) {
            if (!other.equals(platform)) {
                assertThat(jars).as("no natives for " + other).noneMatch(j -> j.contains("-" + other));
            }
        }
        // image folders are decoded with javax.imageio: no OpenCV, nor the rest of JavaCV
        assertThat(jars).noneMatch(j -> j.startsWith("ffmpeg") || j.startsWith("hdf5") || j.startsWith("opencv")
                || j.startsWith("javacv") || j.startsWith("fastutil") || j.startsWith("junit"));
    }

    @Test
    void isSmallerThan150Megabytes() throws IOException {
        Path archive = Path.of(System.getProperty("flotilla.archive"));
        assertThat(Files.size(archive)).as(archive + " in bytes").isLessThan(150_000_000L);
    }

    @Test
    void versionRuns() throws Exception {
        Result r = exec(List.of(home.resolve("bin/edge-client").toString(), "version"), null);
        assertThat(r.code).as(r.err).isZero();
        assertThat(r.out).startsWith("flotilla edge-client " + System.getProperty("flotilla.version"))
                .contains("built for " + platformOf(home.getFileName().toString()));
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Result r = exec(List.of(home.resolve("bin/edge-client").toString(), "run", "--workers", "x"), null);
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err.strip()).startsWith("edge-client: ").doesNotContain("\n").doesNotContain("Exception");
    }

    @Test
    void saysWhatToInstallWithoutJava() throws Exception {
        Result r = exec(List.of("/bin/sh", home.resolve("bin/edge-client").toString(), "version"),
                "/nonexistent");
        assertThat(r.code).isEqualTo(1);
        assertThat(r.err).contains("needs Java 21 or newer").contains("openjdk-21-jre-headless");
    }

    @Test
    void trainsARoundFromTheArchiveAndStopsCleanlyOnSigterm() throws Exception {
        String platform = platformOf(home.getFileName().toString());
        Assumptions.assumeTrue(platform.equals(org.flotilla.edge.Version.runningOn()),
                "natives for " + platform + " cannot run here");
        Path csv = TestData.writeCsv(TestData.blobs(3000, 20, 4, 1), unpacked.resolve("data.csv"));
        TrainingPlan quick = TestData.mlpPlan(20, 4, 1, 16, Map.of());
        Path state = unpacked.resolve("state");
        try (FakeCoordinator fake = new FakeCoordinator()) {
            fake.startJob(quick, Networks.parameters(Networks.build(quick)), 1, Map.of());
            List<String> run = List.of(home.resolve("bin/edge-client").toString(), "run", "--coordinator",
                    fake.uri().toString(), "--enrolment-token", FakeCoordinator.ENROLMENT_TOKEN, "--data", csv.toString(),
                    "--state-dir", state.toString(), "--workers", "2", "--max-rounds", "1");
            Result first = exec(run, null);
            assertThat(first.code).as(first.err).isZero();
            assertThat(fake.uploads()).hasSize(1);
            assertThat(first.err).doesNotContain("Exception")
                    .contains("local training: FastTrainer")
                    .contains("libnd4j build: " + platform + (platform.equals("linux-x86_64") ? "-onednn" : ""));

            // a second job whose training takes long enough to be interrupted by SIGTERM, even on
            // FastTrainer's path: 100 epochs of about 190 batches, 2 × 256 hidden units
            TrainingPlan slow = TrainingPlans.builtIn("mlp", Map.of("hidden", List.of(256, 256)), new int[] {20}, 4, 100,
                    16, new Optimizer("sgd", 0.1, 0), 8, Map.of());
            fake.startJob(slow, Networks.parameters(Networks.build(slow)), 1, Map.of());
            Path out = unpacked.resolve("run2.out");
            Process p = new ProcessBuilder(run).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (fake.artifactGets(fake.weightsSha()) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Thread.sleep(500);
            p.destroy();   // SIGTERM
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();

            assertThat(p.exitValue()).as(Files.readString(out)).isEqualTo(143);
            assertThat(fake.declines()).as(Files.readString(out)).singleElement()
                    .satisfies(d -> assertThat(d.request().reason()).isEqualTo("SHUTTING_DOWN"));
            try (Stream<Path> files = Files.walk(state)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .noneMatch(f -> f.endsWith(".tmp")).noneMatch(f -> f.endsWith(".update"));
            }
        }
    }

    private static String platformOf(String dirName) {
        // flotilla-edge-client-<version>-<os>-<arch>
        String[] parts = dirName.split("-");
        return parts[parts.length - 2] + "-" + parts[parts.length - 1];
    }

    private record Result(int code, String out, String err) {
    }

    /** Runs a command; {@code path} replaces PATH (and JAVA_HOME is removed) when not null. */
    private static Result exec(List<String> command, String path) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        if (path != null) {
            pb.environment().remove("JAVA_HOME");
            pb.environment().put("PATH", path);
        }
        Path out = Files.createTempFile(unpacked, "out", ".txt");
        Path err = Files.createTempFile(unpacked, "err", ".txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }
}
