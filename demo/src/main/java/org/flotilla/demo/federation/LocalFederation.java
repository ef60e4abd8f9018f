package org.flotilla.demo.federation;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

/**
 * One coordinator process (or several replicas of one, sharing a database) and N edge-client
 * processes on loopback. Closing it stops every process it started (clients first, then the
 * coordinators).
 */
public final class LocalFederation implements AutoCloseable {

    /** A further coordinator process of the same deployment ({@link #startReplica}). */
    public record Replica(String name, URI url, ManagedProcess process, CoordinatorApi api) {
    }

    /**
     * HTTPS on the coordinator's port (its {@code tls} profile): the server certificate and key as
     * PEM files, and the trust this federation's operator API uses to reach it.
     */
    public record Https(Path certificate, Path privateKey, SSLContext operatorTrust) {
    }

    private final Programs programs;
    private final Path dir;
    private final String adminToken;
    private final String enrolmentToken;
    private final int port;
    private ManagedProcess coordinator;
    private final List<ManagedProcess> clients = new ArrayList<>();
    private final List<Replica> replicas = new ArrayList<>();
    private CoordinatorApi api;
    private Https https;

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

    /** Serves HTTPS instead of HTTP from the next {@link #startCoordinator}; returns this federation. */
    public LocalFederation https(Https value) {
        this.https = value;
        return this;
    }

    public URI url() {
        return URI.create((https == null ? "http" : "https") + "://127.0.0.1:" + port);
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

    /**
     * The JVM options docs/coordinator.md recommends for a coordinator (Memory): the serial
     * collector, and a heap that starts at 32 MB and is kept close to the live data (grown when less
     * than 10 % is free after a collection, shrunk when more than 30 % is), up to 1 GB; the frequent
     * collections also free ND4J's native buffers early. ND4J's off-heap memory (server-side
     * evaluation of a CNN in batches of 512) may take up to 3 GB, as it could when the heap cap was 3 GB.
     */
    public static final List<String> RECOMMENDED_COORDINATOR_OPTIONS = List.of("-Xms32m", "-Xmx1g", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30", "-Dorg.bytedeco.javacpp.maxBytes=3g");

    /**
     * The coordinator's JVM options for the demo and the benchmark: those of the environment
     * variable {@value #COORDINATOR_OPTIONS_ENV} when it is set (split at white space), else
     * {@link #RECOMMENDED_COORDINATOR_OPTIONS}.
     */
    public static List<String> coordinatorOptions() {
        String env = System.getenv(COORDINATOR_OPTIONS_ENV);
        return env == null || env.isBlank() ? RECOMMENDED_COORDINATOR_OPTIONS : List.of(env.strip().split("\\s+"));
    }

    /**
     * The JVM options of the demo's and the benchmark's edge clients: those {@code bin/edge-client}
     * sets (docs/edge-client.md, "Memory": the serial collector, a heap kept close to the live data),
     * with a 1 GB heap cap.
     */
    public static final List<String> RECOMMENDED_CLIENT_OPTIONS = List.of("-Xms32m", "-Xmx1g", "-XX:+UseSerialGC",
            "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=30");

    /** Environment variable with the coordinator's JVM options, see {@link #coordinatorOptions}. */
    public static final String COORDINATOR_OPTIONS_ENV = "FLOTILLA_COORDINATOR_JAVA_OPTS";

    /** Starts the coordinator and waits until it is healthy. */
    public CoordinatorApi startCoordinator(List<String> jvmOptions, Duration timeout) throws IOException, InterruptedException {
        return startCoordinator(jvmOptions, Map.of(), timeout);
    }

    /** As {@link #startCoordinator(List, Duration)}, with further environment variables (e.g. a database's). */
    public CoordinatorApi startCoordinator(List<String> jvmOptions, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        coordinator = launchCoordinator("coordinator", port, jvmOptions, env);
        api = new CoordinatorApi(url(), adminToken, https == null ? null : https.operatorTrust());
        awaitHealthy(coordinator, api, timeout);
        return api;
    }

    /**
     * Starts another coordinator process of the same deployment — on a free port, with the same
     * tokens and the same data directory (so the same artifact folder) — and waits until it is
     * healthy. Only meaningful when every replica's {@code jvmOptions}/{@code env} name one shared
     * database (PostgreSQL) and distinct {@code flotilla.replica-id}s. Does not wait for it when
     * {@code timeout} is zero (start several at once, then {@link #awaitHealthy(Replica, Duration)}).
     */
    public Replica startReplica(String name, List<String> jvmOptions, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        int replicaPort = freePort();
        ManagedProcess p = launchCoordinator(name, replicaPort, jvmOptions, env);
        URI replicaUrl = URI.create("http://127.0.0.1:" + replicaPort);
        Replica r = new Replica(name, replicaUrl, p, new CoordinatorApi(replicaUrl, adminToken));
        replicas.add(r);
        if (!timeout.isZero()) {
            awaitHealthy(r, timeout);
        }
        return r;
    }

    /**
     * Starts a replica that has stopped again, on the same port (so clients listing its URL find it)
     * with the same name and log, and waits until it is healthy.
     */
    public Replica restart(Replica replica, List<String> jvmOptions, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        if (replica.process().isAlive()) {
            throw new IllegalStateException(replica.name() + " is still running");
        }
        ManagedProcess p = launchCoordinator(replica.name(), replica.url().getPort(), jvmOptions, env);
        Replica again = new Replica(replica.name(), replica.url(), p, replica.api());
        replicas.replaceAll(r -> r.name().equals(replica.name()) ? again : r);
        awaitHealthy(again, timeout);
        return again;
    }

    /** Waits until {@code replica} answers healthy; fails when it exits or {@code timeout} passes. */
    public void awaitHealthy(Replica replica, Duration timeout) throws IOException, InterruptedException {
        awaitHealthy(replica.process(), replica.api(), timeout);
    }

    /** The coordinator replicas started with {@link #startReplica}. */
    public List<Replica> replicas() {
        return List.copyOf(replicas);
    }

    private ManagedProcess launchCoordinator(String name, int onPort, List<String> jvmOptions, Map<String, String> env)
            throws IOException {
        // the federation's folder is where evaluation sets may be read from, unless jvmOptions name another
        List<String> cmd = new ArrayList<>(List.of(programs.java().toString(), "-Dflotilla.evaluation.root=" + dir));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", programs.coordinatorJar().toString(),
                "--flotilla.data-dir=" + dir.resolve("coordinator"), "--server.port=" + onPort,
                "--server.address=127.0.0.1"));
        Map<String, String> environment = new HashMap<>(env);
        environment.putAll(Map.of("FLOTILLA_ADMIN_TOKEN", adminToken, "FLOTILLA_ENROLMENT_TOKEN", enrolmentToken,
                "OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"),
                // two malloc arenas, not 8 per core: the native buffers of evaluation fragment less
                "MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2")));
        if (https != null) {
            cmd.add("--spring.profiles.active=tls");
            environment.put("FLOTILLA_TLS_CERTIFICATE", https.certificate().toString());
            environment.put("FLOTILLA_TLS_PRIVATE_KEY", https.privateKey().toString());
        }
        return ManagedProcess.start(name, cmd, environment, dir.resolve("logs").resolve(name + ".log"));
    }

    private static void awaitHealthy(ManagedProcess process, CoordinatorApi api, Duration timeout)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (!api.isHealthy()) {
            if (!process.isAlive()) {
                throw new IOException("the coordinator " + process.name() + " exited during start-up; last lines of "
                        + process.log() + ":" + System.lineSeparator() + process.tail(15));
            }
            if (System.nanoTime() > end) {
                throw new IOException("the coordinator " + process.name() + " did not become healthy within "
                        + timeout.toSeconds() + " s; see " + process.log());
            }
            Thread.sleep(250);
        }
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
        return startClient(name, dataSpec, workers, jvmOptions, options, List.of(url()));
    }

    /**
     * As {@link #startClient(String, Path, int, List, List)}, given the coordinator URLs to try in
     * order (the replicas of this deployment).
     */
    public ManagedProcess startClient(String name, Path dataSpec, int workers, List<String> jvmOptions,
                                      List<String> options, List<URI> coordinators) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(programs.java().toString()));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", programs.edgeClasspath(), "org.flotilla.edge.EdgeClientMain", "run",
                "--coordinator", String.join(",", coordinators.stream().map(URI::toString).toList()),
                "--enrolment-token", enrolmentToken,
                "--data", dataSpec.toString(), "--workers", Integer.toString(workers),
                "--state-dir", dir.resolve("clients").resolve(name).toString(), "--name", name));
        cmd.addAll(options);
        ManagedProcess p = ManagedProcess.start(name, cmd,
                Map.of("OMP_NUM_THREADS", System.getenv().getOrDefault("OMP_NUM_THREADS", "1"),
                        "MALLOC_ARENA_MAX", System.getenv().getOrDefault("MALLOC_ARENA_MAX", "2")),
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
        for (Replica r : replicas) {
            r.process().signalStop();
        }
        if (coordinator != null) {
            coordinator.stop(Duration.ofSeconds(15));
        }
        for (Replica r : replicas) {
            r.process().stop(Duration.ofSeconds(15));
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
