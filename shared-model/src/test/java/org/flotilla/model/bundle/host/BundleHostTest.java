package org.flotilla.model.bundle.host;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.ResourceNeeds;
import org.flotilla.model.codec.WeightsCodec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The host in-process, driven through its streams as the parent drives it. */
class BundleHostTest {

    private static final String NONCE = "n0nce";

    @TempDir
    Path dir;

    @BeforeEach
    void data() throws IOException {
        StringBuilder csv = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            csv.append(i % 7).append(',').append(i % 3).append(',').append(i % 2).append('\n');
        }
        Files.writeString(dir.resolve("data.csv"), csv);
    }

    @Test
    void readyTrainEvaluateAndInit() throws IOException {
        // Prepare
        session(TestPrograms.Echo.class, Map.of("parameters", 5.0));
        Files.write(dir.resolve("in.fltw"), WeightsCodec.encode(new float[] {1, 2, 3, 4, 5}));

        // Execute
        List<HostEvent> events = run(
                new HostCommand(HostCommand.Op.TRAIN, "t1", 3, "in.fltw", "out.fltw", Map.of()),
                new HostCommand(HostCommand.Op.EVALUATE, "t2", 3, "out.fltw", null, Map.of()),
                new HostCommand(HostCommand.Op.INIT, "t3", 0, null, "init.fltw", null));

        // Assert
        assertThat(events).extracting(HostEvent::type)
                .containsExactly(HostEvent.Type.READY, HostEvent.Type.DONE, HostEvent.Type.DONE, HostEvent.Type.DONE);
        HostEvent ready = events.get(0);
        assertThat(ready.parameterCount()).isEqualTo(5);
        assertThat(ready.description()).isEqualTo("echo of 5");
        assertThat(ready.timings()).containsKeys("jvm", "data", "build");
        HostEvent trained = events.get(1);
        assertThat(trained.task()).isEqualTo("t1");
        assertThat(trained.examples()).isEqualTo(36);   // 40 rows, 10 % held out
        assertThat(trained.metrics().workers()).isEqualTo(2);
        assertThat(trained.metrics().extra()).containsEntry("round", 3.0);
        assertThat(WeightsCodec.read(dir.resolve("out.fltw"), 5)).containsExactly(2, 3, 4, 5, 6);
        assertThat(events.get(2).evaluation().examples()).isEqualTo(4);
        assertThat(events.get(2).evaluation().loss()).isEqualTo(4.0);
        assertThat(WeightsCodec.read(dir.resolve("init.fltw"), 5)).containsExactly(7, 8, 9, 10, 11);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }

    @Test
    void everyFailureIsALineWithAReason() throws IOException {
        session(TestPrograms.Echo.class, Map.of("parameters", 3.0));
        Files.write(dir.resolve("in.fltw"), WeightsCodec.encode(new float[] {1, 2, 3}));
        Files.write(dir.resolve("wrong.fltw"), WeightsCodec.encode(new float[] {1, 2}));

        List<HostEvent> events = run(
                train("a", "in.fltw", Map.of("fail", 1.0)),
                train("b", "in.fltw", Map.of("extraParameters", 2.0)),
                train("c", "in.fltw", Map.of("extraParameters", -1.0)),
                train("d", "in.fltw", Map.of("sleepMillis", -5.0)),
                train("e", "wrong.fltw", Map.of()),
                train("f", "absent.fltw", Map.of()),
                train("g", "in.fltw", Map.of("nan", 1.0)),
                train("h", "in.fltw", Map.of()));

        assertThat(events.subList(1, events.size())).extracting(HostEvent::task, HostEvent::failure).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", HostFailure.PROGRAM_FAILED),
                org.assertj.core.groups.Tuple.tuple("b", HostFailure.WRONG_ELEMENT_COUNT),
                org.assertj.core.groups.Tuple.tuple("c", HostFailure.WRONG_ELEMENT_COUNT),
                org.assertj.core.groups.Tuple.tuple("d", HostFailure.SETTINGS_INVALID),
                org.assertj.core.groups.Tuple.tuple("e", HostFailure.BAD_INPUT),
                org.assertj.core.groups.Tuple.tuple("f", HostFailure.BAD_INPUT),
                org.assertj.core.groups.Tuple.tuple("g", HostFailure.PROGRAM_FAILED),
                org.assertj.core.groups.Tuple.tuple("h", null));
        assertThat(events.get(1).message()).startsWith("java.lang.IllegalStateException: asked to fail (at ");
        assertThat(events.get(2).message()).isEqualTo("the program returned 5 parameters, its model has 3");
        assertThat(events.get(4).message()).isEqualTo("setting sleepMillis must be in [0.0, 600000.0] (was -5.0)");
        assertThat(events.get(5).message()).contains("weights have 2 elements, the model has 3");
        assertThat(events.get(7).message()).contains("element 0 is NaN");
        assertThat(dir.resolve("out.fltw")).exists();   // only the last, healthy round wrote
    }

    @Test
    void aSessionThatCannotStartSaysWhy() throws IOException {
        session(TestPrograms.NotAProgram.class, Map.of());
        assertThat(run()).singleElement().satisfies(e -> {
            assertThat(e.failure()).isEqualTo(HostFailure.INCOMPATIBLE);
            assertThat(e.message()).endsWith("does not implement org.flotilla.model.bundle.TrainingProgram");
        });

        session(TestPrograms.BrokenBuild.class, Map.of());
        assertThat(run()).singleElement().satisfies(e -> {
            assertThat(e.failure()).isEqualTo(HostFailure.PROGRAM_FAILED);
            assertThat(e.message()).startsWith("build: java.lang.UnsupportedOperationException: this data has 2 features");
        });

        writeSession(new SessionSpec(HostProtocol.VERSION, manifest("org.example.Missing"),
                dir.resolve("data.csv").toString(), 0.1, 1, 2, 7, Map.of()));
        assertThat(run()).singleElement().extracting(HostEvent::failure).isEqualTo(HostFailure.INCOMPATIBLE);

        writeSession(new SessionSpec(HostProtocol.VERSION, manifest(TestPrograms.Echo.class.getName()),
                dir.resolve("absent.csv").toString(), 0.1, 1, 2, 7, Map.of()));
        assertThat(run()).singleElement().extracting(HostEvent::failure).isEqualTo(HostFailure.DATA_UNREADABLE);

        Files.writeString(dir.resolve(HostProtocol.SESSION_FILE), "{}");
        assertThat(run()).singleElement().extracting(HostEvent::failure).isEqualTo(HostFailure.SESSION_INVALID);
    }

    @Test
    void cancelStopsTheRunningRound() throws Exception {
        session(TestPrograms.Echo.class, Map.of("parameters", 3.0));
        Files.write(dir.resolve("in.fltw"), WeightsCodec.encode(new float[] {1, 2, 3}));
        PipedOutputStream toHost = new PipedOutputStream();
        PipedInputStream stdin = new PipedInputStream(toHost);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BundleHost host = new BundleHost(dir, NONCE, new PrintStream(out, true, StandardCharsets.UTF_8), stdin);
        CompletableFuture<Integer> running = CompletableFuture.supplyAsync(host::run);
        toHost.write((HostProtocol.commandLine(train("slow", "in.fltw", Map.of("sleepMillis", 60_000.0))) + "\n").getBytes());
        toHost.flush();
        Thread.sleep(300);
        long start = System.nanoTime();

        toHost.write((HostProtocol.commandLine(new HostCommand(HostCommand.Op.CANCEL, "slow", 0, null, null, null)) + "\n").getBytes());
        toHost.close();

        assertThat(running.get(10, TimeUnit.SECONDS)).isZero();
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(5);
        List<HostEvent> events = java.util.Arrays.stream(out.toString(StandardCharsets.UTF_8).split("\n"))
                .map(BundleHostTest::parseLine).toList();
        assertThat(events).extracting(HostEvent::type)
                .containsExactly(HostEvent.Type.STARTED, HostEvent.Type.READY, HostEvent.Type.FAILED);
        assertThat(events.get(2).failure()).isEqualTo(HostFailure.STOPPED);
    }

    @Test
    void controlLinesAreRecognisedOnlyWithTheSessionNonce() {
        String line = HostProtocol.controlLine(NONCE, HostEvent.ready(3, "x", Map.of()));

        assertThat(HostProtocol.parseControlLine(NONCE, line)).isPresent();
        assertThat(HostProtocol.parseControlLine("other", line)).isEmpty();
        assertThat(HostProtocol.parseControlLine(NONCE, "just output")).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostProtocol.parseControlLine(NONCE,
                HostProtocol.CONTROL_PREFIX + NONCE + " {\"type\":\"READY\"}")).isInstanceOf(IllegalArgumentException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HostProtocol.parseCommand(
                "{\"op\":\"TRAIN\",\"task\":\"t\",\"round\":1,\"input\":\"../x\",\"output\":\"o\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("without '..'");
    }

    private static HostCommand train(String task, String input, Map<String, Double> settings) {
        return new HostCommand(HostCommand.Op.TRAIN, task, 1, input, "out.fltw", settings);
    }

    private void session(Class<?> program, Map<String, Double> settings) throws IOException {
        writeSession(new SessionSpec(HostProtocol.VERSION, manifest(program.getName()), dir.resolve("data.csv").toString(),
                0.1, 1, 2, 7, settings));
    }

    private void writeSession(SessionSpec spec) throws IOException {
        Files.write(dir.resolve(HostProtocol.SESSION_FILE), HostProtocol.sessionJson(spec));
    }

    private static BundleManifest manifest(String entry) {
        return new BundleManifest("test", "1", entry, 1, new ResourceNeeds(64, 2));
    }

    /**
     * Runs a session as the parent does: one command at a time, each sent after the previous answer,
     * then the end of input. Returns every control line the host printed after {@code STARTED}.
     */
    private List<HostEvent> run(HostCommand... commands) {
        try {
            PipedOutputStream toHost = new PipedOutputStream();
            PipedInputStream stdin = new PipedInputStream(toHost);
            PipedInputStream fromHost = new PipedInputStream(1 << 20);
            PrintStream control = new PrintStream(new PipedOutputStream(fromHost), true, StandardCharsets.UTF_8);
            CompletableFuture<Integer> running = CompletableFuture.supplyAsync(() -> {
                try {
                    return new BundleHost(dir, NONCE, control, stdin).run();
                } finally {
                    control.close();
                }
            });
            java.io.BufferedReader lines = new java.io.BufferedReader(
                    new java.io.InputStreamReader(fromHost, StandardCharsets.UTF_8));
            List<HostEvent> events = new ArrayList<>();
            assertThat(parseLine(lines.readLine()).type()).isEqualTo(HostEvent.Type.STARTED);
            String first = lines.readLine();
            if (first != null) {
                events.add(parseLine(first));
                if (events.get(0).type() == HostEvent.Type.READY) {
                    for (HostCommand c : commands) {
                        toHost.write((HostProtocol.commandLine(c) + "\n").getBytes(StandardCharsets.UTF_8));
                        toHost.flush();
                        events.add(parseLine(lines.readLine()));
                    }
                }
            }
            toHost.close();
            assertThat(lines.readLine()).isNull();
            running.get(10, TimeUnit.SECONDS);
            return events;
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HostEvent parseLine(String line) {
        Optional<HostEvent> e = HostProtocol.parseControlLine(NONCE, line);
        assertThat(e).as("only control lines on the control stream: %s", line).isPresent();
        return e.get();
    }

}
