package org.flotilla.demo.federation;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * One coordinator process and N edge-client processes on loopback. Closing it stops every
 * process it started (clients first, then the coordinator).
 */
public final class LocalFederation implements AutoCloseable {

    private final Programs programs;
    private final Path dir;
    private final String adminToken;
    private final String enrolmentToken;
    private final int port;
    private ManagedProcess coordinator;
    private final List<ManagedProcess> clients = new ArrayList<>();
    private CoordinatorApi api;

    /**
     * @param dir   the federation's folder: {@code coordinator/} data, {@code clients/} state, {@code logs/};
     *              also the coordinator's {@code flotilla.evaluation.root} (evaluation sets written
     *              anywhere in it can be named by a job) unless the coordinator's JVM options set another
     * @param port  the coordinator's port, or 0 for a free one
     * @param tokens admin and enrolment tokens to reuse (a resumed demo), or null for new ones
     */
    public LocalFederation(Programs programs, Path dir, int port, Map<String, String> tokens) throws IOException {
        this.programs = programs;
        this.dir = dir;
        this.port = port == 0 ? freePort() : port;
        this.adminToken = tokens != null ? tokens.get("admin") : randomToken();
        this.enrolmentToken = tokens != null ? tokens.get("enrolment") : randomToken();
    }

    public Map<String, String> tokens() {
        return Map.of("admin", adminToken, "enrolment", enrolmentToken);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public CoordinatorApi api() {
        return api;
    }

    public ManagedProcess coordinator() {
        return coordinator;
    }

    public List<ManagedProcess> clients() {
        return List.copyOf(clients);
    }

    /** Starts the coordinator and waits until it is healthy. */
    public CoordinatorApi startCoordinator(List<String> jvmOptions, Duration timeout) throws IOException, InterruptedException {
        // the federation's folder is where evaluation sets may be read from, unless jvmOptions name another
        List<String> cmd = new ArrayList<>(List.of(programs.java().toString(), "-Dflotilla.evaluation.root=" + dir));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", programs.coordinatorJar().toString(),
                "--flotilla.data-dir=" + dir.resolve("coordinator"), "--server.port=" + port,
                "--server.address=127.0.0.1"));
        coordinator = ManagedProcess.start("coordinator", cmd, Map.of(
                "FLOTILLA_ADMIN_TOKEN", adminToken, "FLOTILLA_ENROLMENT_TOKEN", enrolmentToken,
                "OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1")),
                dir.resolve("logs/coordinator.log"));
        api = new CoordinatorApi(url(), adminToken);
        long end = System.nanoTime() + timeout.toNanos();
        while (!api.isHealthy()) {
            if (!coordinator.isAlive()) {
                throw new IOException("the coordinator exited during start-up; last lines of "
                        + coordinator.log() + ":" + System.lineSeparator() + coordinator.tail(15));
            }
            if (System.nanoTime() > end) {
                throw new IOException("the coordinator did not become healthy within " + timeout.toSeconds()
                        + " s; see " + coordinator.log());
            }
            Thread.sleep(250);
        }
        return api;
    }

    /**
     * Starts one edge client on {@code dataSpec}.
     *
     * @param name    the client's folder and log name, e.g. {@code client-00}; also its enrolled name, so
     *                that the console and {@code clients list} tell the demo's clients apart
     * @param workers its worker threads
     */
    public ManagedProcess startClient(String name, Path dataSpec, int workers, List<String> jvmOptions)
            throws IOException {
        return startClient(name, dataSpec, workers, jvmOptions, List.of());
    }

    /** As {@link #startClient(String, Path, int, List)}, with further {@code edge-client run} options. */
    public ManagedProcess startClient(String name, Path dataSpec, int workers, List<String> jvmOptions,
                                      List<String> options) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(programs.java().toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", programs.edgeClasspath(), "org.flotilla.edge.EdgeClientMain", "run",
                "--coordinator", url().toString(), "--enrolment-token", enrolmentToken,
                "--data", dataSpec.toString(), "--workers", Integer.toString(workers),
                "--state-dir", dir.resolve("clients").resolve(name).toString(), "--name", name));
        cmd.addAll(options);
        ManagedProcess p = ManagedProcess.start(name, cmd,
                Map.of("OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1")),
                dir.resolve("logs").resolve(name + ".log"));
        clients.add(p);
        return p;
    }

    /**
     * Stops every process this federation started: SIGTERM to all clients at once, a grace
     * period, then the coordinator. Safe to call from a shutdown hook and more than once.
     */
    @Override
    public void close() {
        for (ManagedProcess c : clients) {
            c.signalStop();
        }
        for (ManagedProcess c : clients) {
            c.stop(Duration.ofSeconds(10));
        }
        if (coordinator != null) {
            coordinator.stop(Duration.ofSeconds(15));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String randomToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
