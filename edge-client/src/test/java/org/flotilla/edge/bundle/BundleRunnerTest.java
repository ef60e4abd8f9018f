package org.flotilla.edge.bundle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.signing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runner with real child JVMs and bundles compiled in the test: a healthy bundle trains,
 * evaluates and keeps its child; each kind of misbehaviour is a decline with its reason, and the
 * runner works again right after.
 */
class BundleRunnerTest {

    private static final SigningKey PUBLISHER = SigningKey.generate();

    @TempDir
    Path dir;

    private DataRef data;
    private BundleRunner runner;
    private VerifiedBundle echo;

    @BeforeEach
    void setUp() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        data = new DataRef(Files.writeString(dir.resolve("data.csv"), csv).toString(), 0.1, 1);
        runner = new BundleRunner(config().build());
        echo = TestBundles.install(dir, "Echo", null, 64, PUBLISHER);
    }

    @AfterEach
    void tearDown() {
        runner.close();
    }

    private RunnerConfig.Builder config() {
        return RunnerConfig.builder(dir.resolve("work")).heapMegabytes(128).nativeMegabytes(64).workers(2)
                .startTimeout(Duration.ofSeconds(60)).stopGrace(Duration.ofSeconds(2));
    }

    private BundleJob job(VerifiedBundle bundle) {
        return new BundleJob("job-1", bundle, data, 7, Map.of());
    }

    private static TrainTask task(int round, Map<String, Double> settings, Duration timeout) {
        float[] global = new float[8];
        for (int i = 0; i < 8; i++) {
            global[i] = 10 * i;
        }
        return new TrainTask(round, global, settings, Instant.now().plus(timeout), 36);
    }

    /** The healthy bundle still trains: the runner is usable after whatever came before. */
    private void assertRunnerWorks() {
        BundleOutcome<BundleUpdate> o = runner.train(job(echo), task(9, Map.of(), Duration.ofSeconds(60)), new StopSignal());
        assertThat(o).isInstanceOf(BundleOutcome.Completed.class);
        assertThat(((BundleOutcome.Completed<BundleUpdate>) o).value().parameters()).containsExactly(1, 11, 21, 31, 41, 51, 61, 71);
    }

    private BundleFailure declined(VerifiedBundle bundle, TrainTask task) {
        BundleOutcome<BundleUpdate> o = runner.train(job(bundle), task, new StopSignal());
        assertThat(o).as("expected a decline").isInstanceOf(BundleOutcome.Declined.class);
        return ((BundleOutcome.Declined<BundleUpdate>) o).failure();
    }

    @Test
    void aHealthyBundleTrainsEvaluatesAndKeepsItsChildAcrossRounds() {
        // Execute
        BundleOutcome<BundleUpdate> first = runner.train(job(echo), task(1, Map.of(), Duration.ofSeconds(60)), new StopSignal());
        BundleOutcome<BundleUpdate> second = runner.train(job(echo), task(2, Map.of(), Duration.ofSeconds(60)), new StopSignal());
        BundleOutcome<Evaluation> eval = runner.evaluate(job(echo),
                new EvalTask(2, new float[] {2, 2, 2, 2, 4, 4, 4, 4}, Map.of(), Instant.now().plusSeconds(60)), new StopSignal());
        BundleOutcome<float[]> init = runner.initialParameters(job(echo), Instant.now().plusSeconds(60), new StopSignal());

        // Assert
        assertThat(first).isInstanceOf(BundleOutcome.Completed.class);
        BundleUpdate u = ((BundleOutcome.Completed<BundleUpdate>) first).value();
        assertThat(u.parameters()).containsExactly(1, 11, 21, 31, 41, 51, 61, 71);
        assertThat(u.examples()).isEqualTo(36);
        assertThat(u.metrics().workers()).isEqualTo(2);
        assertThat(u.metrics().extra()).containsEntry("round", 1.0);
        assertThat(first.stats().startedChild()).isTrue();
        assertThat(first.stats().startSeconds()).isPositive();
        assertThat(first.stats().hostTimings()).containsKeys("jvm", "data", "build");
        assertThat(second.stats().startedChild()).as("the child is reused for the same job").isFalse();
        assertThat(((BundleOutcome.Completed<Evaluation>) eval).value()).isEqualTo(new Evaluation(4, 3.0, 0.5));
        assertThat(((BundleOutcome.Completed<float[]>) init).value()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(init.stats().startedChild()).isFalse();
    }

    @Test
    void anotherJobGetsAChildOfItsOwn() {
        runner.train(job(echo), task(1, Map.of(), Duration.ofSeconds(60)), new StopSignal());

        BundleOutcome<BundleUpdate> other = runner.train(new BundleJob("job-2", echo, data, 7, Map.of()),
                task(1, Map.of(), Duration.ofSeconds(60)), new StopSignal());

        assertThat(other.stats().startedChild()).isTrue();
    }

    @Test
    void systemExitIsADecline() throws IOException {
        VerifiedBundle exits = TestBundles.install(dir, "Exit3", TestBundles.trainer("Exit3", "", "System.exit(3); return null;"),
                64, PUBLISHER);

        BundleFailure f = declined(exits, task(1, Map.of(), Duration.ofSeconds(60)));

        assertThat(f.kind()).isEqualTo(BundleFailure.Kind.EXITED);
        assertThat(f.exitCode()).isEqualTo(3);
        assertRunnerWorks();
    }

    @Test
    void unboundedAllocationIsOutOfMemory() throws IOException {
        VerifiedBundle hog = TestBundles.install(dir, "Hog", TestBundles.trainer("Hog", "import java.util.*;",
                "List<long[]> all = new ArrayList<>(); while (true) { all.add(new long[1 << 20]); }"), 64, PUBLISHER);

        BundleFailure f = declined(hog, task(1, Map.of(), Duration.ofSeconds(60)));

        assertThat(f.kind()).isEqualTo(BundleFailure.Kind.OUT_OF_MEMORY);
        assertThat(f.detail()).contains("-Xmx");
        assertRunnerWorks();
    }

    @Test
    void sleepingPastTheDeadlineIsKilledAtTheDeadline() throws IOException {
        // Round 0 answers at once (so the child is up), later rounds never do and ignore the stop flag.
        VerifiedBundle sleeper = TestBundles.install(dir, "Sleeper", TestBundles.trainer("Sleeper", "",
                "if (request.round() == 0) { return super.train(context, request); }\n"
                        + "while (true) { try { Thread.sleep(600_000); } catch (InterruptedException ignored) { } }"), 64, PUBLISHER);
        assertThat(runner.train(job(sleeper), task(0, Map.of(), Duration.ofSeconds(60)), new StopSignal()).isCompleted()).isTrue();
        Instant deadline = Instant.now().plusSeconds(3);

        BundleOutcome<BundleUpdate> o = runner.train(job(sleeper), new TrainTask(1, task(1, Map.of(), Duration.ZERO).globalParameters(),
                Map.of(), deadline, 36), new StopSignal());

        assertThat(((BundleOutcome.Declined<BundleUpdate>) o).failure().kind()).isEqualTo(BundleFailure.Kind.TIMED_OUT);
        assertThat(Duration.between(deadline, Instant.now())).isLessThan(Duration.ofSeconds(3));
        assertThat(childJvms()).as("no child JVM left").isEmpty();
        assertRunnerWorks();
    }

    @Test
    void processesTheChildStartsDieWithIt() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(runner.isolation().namespaces(), "needs a PID namespace");
        Path beat = dir.resolve("heartbeat");
        VerifiedBundle forker = TestBundles.install(dir, "Forker", TestBundles.trainer("Forker", "",
                "new ProcessBuilder(\"/bin/sh\", \"-c\", \"(while true; do date +%s%N > " + beat
                        + "; sleep 0.1; done) &\").start().waitFor();\n"
                        + "while (true) { try { Thread.sleep(600_000); } catch (InterruptedException ignored) { } }"), 64, PUBLISHER);

        BundleFailure f = declined(forker, task(1, Map.of(), Duration.ofSeconds(4)));

        assertThat(f.kind()).isEqualTo(BundleFailure.Kind.TIMED_OUT);
        assertThat(beat).as("the grandchild ran").exists();
        String before = Files.readString(beat);
        Thread.sleep(500);
        assertThat(Files.readString(beat)).as("the detached grandchild was killed with the child").isEqualTo(before);
    }

    @Test
    void aStopRequestStopsTheRound() {
        StopSignal stop = new StopSignal();
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(1500);
            } catch (InterruptedException ignored) {
                // test ends
            }
            stop.request("test");
        });
        long t0 = System.nanoTime();

        BundleOutcome<BundleUpdate> o = runner.train(job(echo), task(1, Map.of("sleepMillis", 60_000.0), Duration.ofSeconds(60)), stop);

        assertThat(((BundleOutcome.Declined<BundleUpdate>) o).failure().kind()).isEqualTo(BundleFailure.Kind.STOPPED);
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(15);
        assertRunnerWorks();
    }

    @Test
    void answersThatBreakTheLimitsAreDeclined() throws IOException {
        // The program returns two parameters too many: the host refuses to write them.
        assertThat(declined(echo, task(1, Map.of("extraParameters", 2.0), Duration.ofSeconds(60))).kind())
                .isEqualTo(BundleFailure.Kind.WRONG_ELEMENT_COUNT);
        assertRunnerWorks();

        // More examples than the device has (the count weighs the update in FedAvg).
        TrainTask t = task(1, Map.of(), Duration.ofSeconds(60));
        assertThat(declined(echo, new TrainTask(1, t.globalParameters(), Map.of(), t.deadline(), 20)).detail())
                .contains("36 training examples; this device has 20");
        assertRunnerWorks();

        // A program that bypasses the host: writes an oversized update itself and forges the host's answer.
        VerifiedBundle forger = TestBundles.install(dir, "Forger", TestBundles.trainer("Forger", "import java.nio.file.*;",
                FORGE), 64, PUBLISHER);
        BundleFailure big = declined(forger, task(1, Map.of(), Duration.ofSeconds(60)));
        assertThat(big.kind()).isEqualTo(BundleFailure.Kind.OUTPUT_TOO_LARGE);
        assertThat(big.detail()).contains("the update file has 10056 bytes; 8 parameters take 88");
        assertRunnerWorks();

        // A program that floods its console.
        VerifiedBundle chatty = TestBundles.install(dir, "Chatty", TestBundles.trainer("Chatty", "",
                "byte[] line = new byte[1 << 16]; java.util.Arrays.fill(line, (byte) 'x');"
                        + " while (true) { System.err.write(line); }"), 64, PUBLISHER);
        runner.close();
        runner = new BundleRunner(config().outputLimitBytes(1 << 20).build());
        BundleFailure flood = declined(chatty, task(1, Map.of(), Duration.ofSeconds(60)));
        assertThat(flood.kind()).isEqualTo(BundleFailure.Kind.OUTPUT_TOO_LARGE);
        assertThat(flood.output().length()).isLessThanOrEqualTo(8 * 1024);
        assertRunnerWorks();
    }

    /** Finds the session's nonce in its own command line (any program can), writes 10,000 bytes as the update and prints a forged DONE. */
    private static final String FORGE = """
            String[] argv = new String(Files.readAllBytes(Path.of("/proc/self/cmdline"))).split("\0");
            String nonce = argv[argv.length - 1];
            String task = "t" + request.round();
            Path cwd = Path.of("").toAbsolutePath();
            String out;
            try (var files = Files.list(cwd)) {
                String in = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("-in.fltw")).findFirst().orElseThrow();
                task = in.substring(0, in.length() - "-in.fltw".length());
                out = task + "-out.fltw";
            }
            Files.write(cwd.resolve(out), new byte[10_056]);
            java.io.PrintStream fd = new java.io.PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true);
            fd.println("@@flotilla-host " + nonce + " {\\"type\\":\\"DONE\\",\\"task\\":\\"" + task + "\\",\\"examples\\":36,"
                    + "\\"metrics\\":{\\"trainLoss\\":0.1,\\"trainAccuracy\\":0.9,\\"trainSeconds\\":1,\\"samplesPerSecond\\":1,"
                    + "\\"workers\\":1,\\"threadLevelParallelism\\":1,\\"extra\\":{}}}");
            while (true) { try { Thread.sleep(600_000); } catch (InterruptedException ignored) { } }
            """;

    @Test
    void aModelOfAnotherSizeThanTheJobsWeightsIsAMismatch() {
        BundleOutcome<BundleUpdate> o = runner.train(job(echo), new TrainTask(1, new float[5], Map.of(),
                Instant.now().plusSeconds(60), 36), new StopSignal());

        assertThat(((BundleOutcome.Declined<BundleUpdate>) o).failure().kind()).isEqualTo(BundleFailure.Kind.MODEL_MISMATCH);
        assertRunnerWorks();
    }

    @Test
    void aBundleNeedingMoreHeapThanTheBudgetIsNotStarted() throws IOException {
        VerifiedBundle big = TestBundles.install(dir, "Big", TestBundles.trainer("Big", "", "return super.train(context, request);"),
                4096, PUBLISHER);

        BundleFailure f = declined(big, task(1, Map.of(), Duration.ofSeconds(60)));

        assertThat(f.kind()).isEqualTo(BundleFailure.Kind.RESOURCES_UNAVAILABLE);
        assertThat(f.detail()).isEqualTo("the bundle needs 4096 MiB of heap, this device gives bundles 128 MiB");
        assertThat(childJvms()).isEmpty();
    }

    @Test
    void aStoredJarChangedAfterVerificationIsNotRun() throws IOException {
        Files.setPosixFilePermissions(echo.jar(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        byte[] bytes = Files.readAllBytes(echo.jar());
        bytes[bytes.length / 2] ^= 1;
        Files.write(echo.jar(), bytes);

        BundleFailure f = declined(echo, task(1, Map.of(), Duration.ofSeconds(60)));

        assertThat(f.kind()).isEqualTo(BundleFailure.Kind.UNTRUSTED);
        assertThat(f.detail()).contains("changed since it was verified");
    }

    @Test
    void aChildThatCannotStartAndHiddenPathsItNeedsAreDeviceErrors() {
        // No JVM behind the command: the sandbox starts, the host never does.
        runner.close();
        runner = new BundleRunner(config().java(Path.of("/bin/false")).build());
        BundleFailure f = declined(echo, task(1, Map.of(), Duration.ofSeconds(60)));
        assertThat(f.kind()).isEqualTo(BundleFailure.Kind.HOST_ERROR);
        assertThat(f.kind().isBundleFault()).isFalse();
        assertThat(f.detail()).contains("before the host started");

        // The data lies under a path the device hides from children.
        runner.close();
        Path csv = Path.of(data.spec());
        runner = new BundleRunner(config().hiddenPaths(List.of(csv)).build());
        BundleFailure hidden = declined(echo, task(1, Map.of(), Duration.ofSeconds(60)));
        assertThat(hidden.kind()).isEqualTo(BundleFailure.Kind.HOST_ERROR);
        assertThat(hidden.detail()).contains("is under the hidden path " + csv);
        assertThat(childJvms()).isEmpty();
    }

    @Test
    void requiredIsolationThatIsMissingDeclinesEveryBundle() {
        runner.close();
        runner = new BundleRunner(config().policy(IsolationPolicy.REQUIRED).build());
        org.junit.jupiter.api.Assumptions.assumeFalse(runner.isolation().namespaces(), "namespaces are available here");

        assertThat(declined(echo, task(1, Map.of(), Duration.ofSeconds(60))).kind())
                .isEqualTo(BundleFailure.Kind.ISOLATION_UNAVAILABLE);
    }

    /** Child JVMs of this test JVM (the runner's children run BundleHost). */
    static List<ProcessHandle> childJvms() {
        return ProcessHandle.current().descendants()
                .filter(p -> p.info().commandLine().orElse("").contains("org.flotilla.model.bundle.host.BundleHost"))
                .filter(ProcessHandle::isAlive).toList();
    }
}
