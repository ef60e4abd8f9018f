package org.flotilla.edge.bundle;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.bundle.host.HostCommand;
import org.flotilla.model.bundle.host.HostEvent;
import org.flotilla.model.bundle.host.HostFailure;
import org.flotilla.model.bundle.host.HostProtocol;

/**
 * One running child and the parent's side of the host protocol. Every answer is awaited against a
 * deadline and checked; any failure kills the child (with every process in it) and is returned as a
 * {@link BundleFailure}. Files go through {@link SessionFiles}.
 */
final class ChildSession implements AutoCloseable {

    private final Process process;
    private final OutputCapture output;
    private final SessionLayout layout;
    private final SessionFiles files;
    private final BufferedWriter commands;
    private final Duration stopGrace;
    private boolean started;
    private boolean dead;
    private HostEvent ready;
    private double startSeconds;
    private Instant lastUsed = Instant.now();

    private ChildSession(Process process, OutputCapture output, SessionLayout layout, SessionFiles files,
                         Duration stopGrace) {
        this.process = process;
        this.output = output;
        this.layout = layout;
        this.files = files;
        this.commands = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.stopGrace = stopGrace;
    }

    /**
     * Starts the child and waits for {@code READY} until {@code deadline}.
     *
     * @return the session, or the failure (the child is then dead and its folder deleted)
     */
    static Attempt<ChildSession> start(ChildCommand command, SessionLayout layout, String nonce, RunnerConfig config, Instant deadline,
                        StopSignal stop) {
        long t0 = System.nanoTime();
        Attempt<SessionFiles> files = SessionFiles.open(layout.root());
        if (!files.ok()) {
            Files2.deleteTree(layout.root());
            return Attempt.failed(files.failure());
        }
        Process process;
        try {
            ProcessBuilder pb = new ProcessBuilder(command.argv()).directory(layout.root().toFile());
            pb.environment().clear();
            pb.environment().putAll(command.environment());
            process = pb.start();
        } catch (IOException e) {
            files.value().close();
            Files2.deleteTree(layout.root());
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.HOST_ERROR, "cannot start the child JVM: " + e.getMessage()));
        }
        OutputCapture output = new OutputCapture(nonce, config.outputLimitBytes(), config.tailBytes());
        output.start(process);
        ChildSession s = new ChildSession(process, output, layout, files.value(), config.stopGrace());
        Attempt<HostEvent> r = s.await(null, deadline, stop);
        if (!r.ok()) {
            s.close();
            return Attempt.failed(r.failure());
        }
        s.ready = r.value();
        s.startSeconds = (System.nanoTime() - t0) / 1e9;
        return Attempt.of(s);
    }

    /** The model's parameter count the program announced. */
    long parameterCount() {
        return ready.parameterCount();
    }

    /** What the host reported at start-up. */
    Map<String, Double> hostTimings() {
        return ready.timings();
    }

    /** The files exchanged with the child. */
    SessionFiles files() {
        return files;
    }

    /** Seconds from process start to {@code READY}. */
    double startSeconds() {
        return startSeconds;
    }

    boolean alive() {
        return !dead && process.isAlive();
    }

    Instant lastUsed() {
        return lastUsed;
    }

    /** Sends {@code command} and waits for its answer until {@code deadline}. */
    Attempt<HostEvent> run(HostCommand command, Instant deadline, StopSignal stop) {
        lastUsed = Instant.now();
        if (!alive()) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.EXITED, "the child is no longer running"));
        }
        try {
            commands.write(HostProtocol.commandLine(command));
            commands.write('\n');
            commands.flush();
        } catch (IOException e) {
            // the child is gone; the output's end tells how
        }
        Attempt<HostEvent> r = await(command.task(), deadline, stop);
        lastUsed = Instant.now();
        return r;
    }

    /**
     * Waits for the answer to {@code task} ({@code READY} when null), the deadline, a stop request,
     * or the child's end. Any failure kills the child.
     */
    private Attempt<HostEvent> await(String task, Instant deadline, StopSignal stop) {
        boolean cancelled = false;
        Instant killAt = Instant.MAX;
        try {
            while (true) {
                Instant now = Instant.now();
                if (!now.isBefore(deadline)) {
                    kill();
                    return Attempt.failed(failure(BundleFailure.Kind.TIMED_OUT, task == null
                            ? "the child did not start in time" : "the deadline passed before the child answered", null));
                }
                if (stop != null && stop.isRequested() && !cancelled) {
                    cancelled = true;
                    killAt = now.plus(stopGrace);
                    if (task == null) {
                        kill();
                        return Attempt.failed(failure(BundleFailure.Kind.STOPPED, "stopped while the child started", null));
                    }
                    sendCancel(task);
                }
                if (!now.isBefore(killAt)) {
                    kill();
                    return Attempt.failed(failure(BundleFailure.Kind.STOPPED, "the child did not stop within "
                            + stopGrace.toSeconds() + " s of being asked", null));
                }
                long wait = Math.max(1, Math.min(100, Duration.between(now, deadline.isBefore(killAt) ? deadline : killAt).toMillis()));
                Optional<OutputCapture.Item> item = output.poll(wait);
                if (item.isEmpty()) {
                    continue;
                }
                switch (item.get()) {
                    case OutputCapture.Item.Event(HostEvent e) when e.type() == HostEvent.Type.STARTED && task == null -> {
                        started = true;
                    }
                    case OutputCapture.Item.Event(HostEvent e) when e.type() == HostEvent.Type.FAILED -> {
                        kill();
                        if (task != null && !task.equals(e.task())) {
                            return Attempt.failed(failure(BundleFailure.Kind.BAD_OUTPUT, "an answer for task " + e.task()
                                    + " while " + task + " ran", null));
                        }
                        BundleFailure.Kind kind = cancelled ? BundleFailure.Kind.STOPPED : map(e.failure());
                        return Attempt.failed(failure(kind, e.message() == null ? e.failure().toString() : e.message(), null));
                    }
                    case OutputCapture.Item.Event(HostEvent e) -> {
                        if (task == null ? e.type() != HostEvent.Type.READY : !task.equals(e.task())) {
                            kill();
                            return Attempt.failed(failure(BundleFailure.Kind.BAD_OUTPUT, "unexpected " + e.type()
                                    + (e.task() == null ? "" : " for task " + e.task()), null));
                        }
                        if (cancelled) {
                            kill();
                            return Attempt.failed(failure(BundleFailure.Kind.STOPPED, "stopped", null));
                        }
                        return Attempt.of(e);
                    }
                    case OutputCapture.Item.Malformed(String why) -> {
                        kill();
                        return Attempt.failed(failure(BundleFailure.Kind.BAD_OUTPUT, why, null));
                    }
                    case OutputCapture.Item.Overflow(long limit) -> {
                        kill();
                        return Attempt.failed(failure(BundleFailure.Kind.OUTPUT_TOO_LARGE, "the child wrote more than its"
                                + " console limit of " + limit + " bytes", null));
                    }
                    case OutputCapture.Item.Closed c -> {
                        return Attempt.failed(exited());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
            return Attempt.failed(failure(BundleFailure.Kind.STOPPED, "interrupted", null));
        }
    }

    /** The child closed its output: wait briefly for its exit code and say what happened. */
    private BundleFailure exited() {
        Integer code = null;
        try {
            if (process.waitFor(5, TimeUnit.SECONDS)) {
                code = process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        kill();
        if (output.outOfMemory()) {
            return failure(BundleFailure.Kind.OUT_OF_MEMORY, "the child ran out of Java heap (-Xmx)", code);
        }
        if (!started && ready == null) {
            return failure(BundleFailure.Kind.HOST_ERROR, "the child exited" + (code == null ? "" : " with code " + code)
                    + " before the host started (the sandbox or the JVM failed)", code);
        }
        return failure(BundleFailure.Kind.EXITED, "the child exited" + (code == null ? "" : " with code " + code)
                + " without answering", code);
    }

    private BundleFailure failure(BundleFailure.Kind kind, String detail, Integer code) {
        // The output tail is read after the streams had a moment to drain.
        return new BundleFailure(kind, detail, code, output.tail());
    }

    private static BundleFailure.Kind map(HostFailure f) {
        return switch (f) {
            case SESSION_INVALID, BAD_INPUT -> BundleFailure.Kind.HOST_ERROR;
            case DATA_UNREADABLE -> BundleFailure.Kind.DATA_UNREADABLE;
            case INCOMPATIBLE -> BundleFailure.Kind.INCOMPATIBLE;
            case SETTINGS_INVALID -> BundleFailure.Kind.SETTINGS_INVALID;
            case PROGRAM_FAILED -> BundleFailure.Kind.PROGRAM_FAILED;
            case OUT_OF_MEMORY -> BundleFailure.Kind.OUT_OF_MEMORY;
            case WRONG_ELEMENT_COUNT -> BundleFailure.Kind.WRONG_ELEMENT_COUNT;
            case STOPPED -> BundleFailure.Kind.STOPPED;
            case NO_HELD_OUT_DATA -> BundleFailure.Kind.NO_HELD_OUT_DATA;
        };
    }

    private void sendCancel(String task) {
        try {
            commands.write(HostProtocol.commandLine(new HostCommand(HostCommand.Op.CANCEL, task, 0, null, null, null)));
            commands.write('\n');
            commands.flush();
        } catch (IOException e) {
            // gone
        }
    }

    /** Kills the child and every process it started (with namespaces, the whole PID namespace goes with it). */
    void kill() {
        dead = true;
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends the session: end of input lets the host close the program; killed after the grace period. Deletes the folder. */
    @Override
    public void close() {
        if (process.isAlive()) {
            try {
                commands.close();
            } catch (IOException ignored) {
                // gone
            }
            try {
                if (!process.waitFor(stopGrace.toMillis(), TimeUnit.MILLISECONDS)) {
                    kill();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                kill();
            }
        }
        kill();
        files.close();
        Files2.deleteTree(layout.root());
    }
}
