package org.flotilla.edge.bundle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import org.flotilla.edge.EdgeClient;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.config.ConfigResolver;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.signing.SigningKey;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile bundle can reach. The spy bundle knows the exact paths of the edge client's
 * {@code identity.json} and of its configuration file (both compiled into it; each holds a secret
 * of its own) and a port on loopback where the test listens; it tries both files, the state folder,
 * the parent process, every {@code /proc/<pid>/environ}, the network and its environment, and fails
 * with a report of what it got. The runner hides what the edge client would hide, resolved the
 * edge client's way from that configuration file ({@code ConfigResolver}, then
 * {@link EdgeClient#hiddenFromBundles}: the state directory and the file the settings came from). With namespaces none of it works;
 * the same bundle as a plain child process (the positive control) does read the secret, which shows
 * the spy really tries and what the namespaces are for.
 */
class ChildConfinementTest {

    private static final SigningKey PUBLISHER = SigningKey.generate();

    @TempDir
    Path dir;

    private final String secret = "s3cr3t-" + UUID.randomUUID();
    private final String token = "s3cr3t-token-" + UUID.randomUUID();
    private Path stateDir;
    private Path configFile;
    private DataRef data;
    private ServerSocket listener;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void setUp() throws IOException {
        stateDir = Files.createDirectories(dir.resolve("state"));
        Files.writeString(stateDir.resolve("identity.json"), "{\"clientId\":\"c-test\",\"secret\":\"" + secret + "\"}");
        configFile = Files.writeString(Files.createDirectories(dir.resolve("conf")).resolve("edge-client.properties"),
                "coordinator=https://fl.example.org\nenrolment-token=" + token + "\ndata=" + dir.resolve("data.csv")
                        + "\nstate-dir=" + stateDir + "\nbundle-dir=" + dir.resolve("bundles") + "\n");
        data = new DataRef(Files.writeString(dir.resolve("data.csv"), "1,2,0\n3,4,1\n5,6,0\n7,8,1\n").toString(), 0.25, 1);
        listener = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    connections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void tearDown() throws IOException {
        listener.close();
    }

    /** The names in a child's environment, as the spy prints them. */
    private static String childEnvironment() {
        java.util.Set<String> names = new java.util.TreeSet<>(List.of("HOME", "LANG", "OMP_NUM_THREADS", "PATH", "PWD", "TMPDIR"));
        ChildCommand.BLAS_TUNING.stream().filter(n -> System.getenv(n) != null).forEach(names::add);
        return names.toString();
    }

    /** What the edge client hides with this test's configuration file: its state directory and the file. */
    private List<Path> hiddenByTheEdgeClient() {
        ClientConfig config = ConfigResolver.of(Map.of(), configFile.toString(), Map.of()).forRun(false, false);
        List<Path> hidden = EdgeClient.hiddenFromBundles(config.stateDir(), config.bundles());
        assertThat(hidden).containsExactly(stateDir, configFile.toAbsolutePath().normalize());
        return hidden;
    }

    private String spyReport(IsolationPolicy policy) throws IOException {
        String body = SPY.replace("IDENTITY", stateDir.resolve("identity.json").toString())
                .replace("STATE", stateDir.toString()).replace("CONFIG", configFile.toString())
                .replace("PORT", Integer.toString(listener.getLocalPort()));
        VerifiedBundle spy = TestBundles.install(dir.resolve(policy.name()), "Spy",
                TestBundles.trainer("Spy", "import java.nio.file.*; import java.util.*; import java.net.*;", body), 64, PUBLISHER);
        RunnerConfig config = RunnerConfig.builder(dir.resolve("work-" + policy)).heapMegabytes(128).nativeMegabytes(64)
                .workers(1).policy(policy).hiddenPaths(hiddenByTheEdgeClient()).build();
        try (BundleRunner runner = new BundleRunner(config)) {
            if (policy != IsolationPolicy.PROCESS_ONLY) {
                Assumptions.assumeTrue(runner.isolation().namespaces(), "namespaces are not available here");
            }
            BundleOutcome<BundleUpdate> o = runner.train(new BundleJob("job-1", spy, data, 1, Map.of()),
                    new TrainTask(1, new float[8], Map.of(), Instant.now().plus(Duration.ofSeconds(60)), 3), new StopSignal());
            assertThat(o).isInstanceOf(BundleOutcome.Declined.class);
            BundleFailure f = ((BundleOutcome.Declined<BundleUpdate>) o).failure();
            assertThat(f.kind()).isEqualTo(BundleFailure.Kind.PROGRAM_FAILED);
            assertThat(f.detail()).contains("report:");
            return f.detail() + "\n" + f.output();
        }
    }

    @Test
    void withNamespacesTheSecretTheNetworkAndTheEdgeClientAreOutOfReach() throws IOException {
        String report = spyReport(IsolationPolicy.BEST_EFFORT);

        assertThat(report).doesNotContain(secret).doesNotContain(token).doesNotContain("enrolment-token");
        assertThat(report).contains("identity=DENIED:AccessDeniedException", "statedir=DENIED:AccessDeniedException",
                "parent=none", "secretInProc=false", "net=DENIED:");
        // The configuration file is covered by /dev/null: it reads as empty.
        assertThat(report).contains("config=READ: ");
        // The five variables the runner sets (and OpenBLAS's core type where the machine sets it), and
        // PWD, which the shell exports: the child's own folder.
        assertThat(report).contains("env=" + childEnvironment());
        assertThat(report).containsPattern("procs=[1-3] ");   // its own PID namespace: itself (and a shell)
        assertThat(connections.get()).as("no connection reached the loopback listener").isZero();
    }

    @Test
    void asAPlainChildProcessTheSameSpyReadsTheSecret() throws IOException {
        // The positive control: what a same-user child can do without namespaces (docs/code-bundles.md).
        String report = spyReport(IsolationPolicy.PROCESS_ONLY);

        assertThat(report).contains("identity=READ:", secret, "config=READ:", token, "net=READ:connected");
        assertThat(report).contains("env=" + childEnvironment());   // the environment is still clean
        assertThat(connections.get()).isEqualTo(1);
    }

    private static final String SPY = """
            StringBuilder r = new StringBuilder("report:");
            r.append(" identity=").append(attempt(() -> Files.readString(Path.of("IDENTITY"))));
            r.append(" config=").append(attempt(() -> Files.readString(Path.of("CONFIG")))).append(' ');
            r.append(" statedir=").append(attempt(() -> {
                try (var s = Files.list(Path.of("STATE"))) { return s.map(p -> p.getFileName().toString()).toList().toString(); }
            }));
            r.append(" parent=").append(ProcessHandle.current().parent().map(p -> Long.toString(p.pid())).orElse("none"));
            boolean found = false;
            int procs = 0;
            try (var pids = Files.list(Path.of("/proc"))) {
                for (Path p : pids.filter(p -> p.getFileName().toString().matches("[0-9]+")).toList()) {
                    procs++;
                    for (String f : new String[] {"environ", "cmdline"}) {
                        String s = attempt(() -> new String(Files.readAllBytes(p.resolve(f))));
                        found |= s.contains("s3cr3t") || s.contains("STATE") || s.contains("CONFIG");
                    }
                    String viaRoot = attempt(() -> Files.readString(Path.of(p + "/root/IDENTITY")));
                    found |= viaRoot.contains("s3cr3t");
                }
            }
            r.append(" procs=").append(procs).append(" secretInProc=").append(found);
            r.append(" net=").append(attempt(() -> {
                try (Socket s = new Socket()) { s.connect(new InetSocketAddress("127.0.0.1", PORT), 2000); return "connected"; }
            }));
            r.append(" env=").append(new TreeSet<>(System.getenv().keySet()));
            throw new IllegalStateException(r.toString());
        }

        interface Attempt { String get() throws Exception; }

        static String attempt(Attempt a) {
            try {
                String v = a.get();
                return "READ:" + (v.length() > 120 ? v.substring(0, 120) : v).replace('\\n', ' ');
            } catch (Exception e) {
                return "DENIED:" + e.getClass().getSimpleName();
            }
            """;
}
