package org.flotilla.crash;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.demo.federation.Programs;

/**
 * The coordinator under test: one data directory and port for its whole life, started, SIGKILLed
 * and restarted through the demo module's {@link LocalFederation} (no second copy of process
 * management). Each incarnation appends to {@code logs/coordinator.log}; {@link #logSinceStart()}
 * reads only the current one.
 */
public final class CoordinatorProcess implements AutoCloseable {

    private final LocalFederation federation;
    private final Path dir;
    private final List<String> jvmOptions;
    private long logOffset;
    private CoordinatorApi api;
    private int starts;

    /**
     * @param dir       the campaign's folder: {@code coordinator/} is the data directory
     * @param extraJvm  further options, e.g. {@code -Dflotilla.artifacts.orphan-age=2s} or a database URL
     */
    public CoordinatorProcess(FastStart program, Path dir, List<String> extraJvm) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        this.federation = new LocalFederation(new Programs(java, program.jar(), ""), dir, 0, null);
        this.dir = dir;
        List<String> options = new ArrayList<>(program.jvmOptions());
        options.add("-Xmx768m");
        options.addAll(extraJvm);
        this.jvmOptions = List.copyOf(options);
    }

    public Path dataDir() {
        return dir.resolve("coordinator");
    }

    public URI url() {
        return federation.url();
    }

    public Map<String, String> tokens() {
        return federation.tokens();
    }

    public CoordinatorApi api() {
        return api;
    }

    public int starts() {
        return starts;
    }

    /** Starts an incarnation and waits for it to be healthy; returns how long that took. */
    public Duration start() throws IOException, InterruptedException {
        Path log = dir.resolve("logs/coordinator.log");
        logOffset = Files.exists(log) ? Files.size(log) : 0;
        long t0 = System.nanoTime();
        api = federation.startCoordinator(jvmOptions, Duration.ofSeconds(120));
        starts++;
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    /** SIGKILL, and wait until the process is gone (its file lock and port released). */
    public void kill() throws InterruptedException {
        ManagedProcess p = federation.coordinator();
        ProcessHandle h = ProcessHandle.of(p.pid()).orElse(null);
        if (h == null) {
            return;
        }
        h.destroyForcibly(); // SIGKILL on Linux
        try {
            h.onExit().get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the coordinator (pid " + p.pid() + ") did not die within 30 s of SIGKILL");
        }
    }

    public boolean isAlive() {
        return federation.coordinator() != null && federation.coordinator().isAlive();
    }

    /** The current incarnation's log. */
    public String logSinceStart() {
        try {
            byte[] all = Files.readAllBytes(dir.resolve("logs/coordinator.log"));
            int from = (int) Math.min(logOffset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** SIGTERM (a clean shutdown), then SIGKILL after a grace period. */
    @Override
    public void close() {
        if (federation.coordinator() != null) {
            federation.coordinator().stop(Duration.ofSeconds(20));
        }
    }
}
