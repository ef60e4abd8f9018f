package org.flotilla.edge.cli;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.flotilla.edge.EdgeClient;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.config.ConfigResolver;
import org.flotilla.edge.config.Setting;
import org.flotilla.edge.lifecycle.StopSignal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code edge-client run}: the device's service loop. */
@Command(name = "run", sortOptions = false, usageHelpAutoWidth = true,
        description = "Enrol if needed, then check in with the coordinator and train assignments until stopped.",
        footer = {"", "Each option may also come from the environment (FLOTILLA_<OPTION>, e.g. FLOTILLA_STATE_DIR) or"
            + " from the --config properties file (key = option without --). Precedence: option > environment > file"
            + " > default. Exit codes: 0 done, 1 internal error, 2 bad input, 3 credentials refused (re-enrol),"
            + " 4 state directory unwritable, 5 coordinator unreachable."})
public final class RunCommand implements Callable<Integer> {

    /** Time the shutdown hook waits for the current round to finish or be abandoned. */
    static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(25);

    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    private final Map<String, String> env;

    @Option(names = "--coordinator", paramLabel = "URL[,URL...]",
            description = "Coordinator base URL; for replicas of one deployment a comma-separated list, tried in order.")
    String coordinator;
    @Option(names = "--enrolment-token", paramLabel = "T", description = "Enrolment token (first run only).")
    String enrolmentToken;
    @Option(names = "--data", paramLabel = "SPEC",
            description = "Local data: client folder, IDX folder, .csv file or image folder.")
    String data;
    @Option(names = "--workers", paramLabel = "N", description = "Training worker threads (default: CPU quota).")
    String workers;
    @Option(names = "--state-dir", paramLabel = "D", description = "State directory.")
    String stateDir;
    @Option(names = "--averaging-frequency", paramLabel = "K", description = "Mini-batches between replica averagings (default 16).")
    String averagingFrequency;
    @Option(names = "--max-rounds", paramLabel = "R", description = "Exit after R assignments (default: no limit).")
    String maxRounds;
    @Option(names = "--name", paramLabel = "NAME", description = "Device name sent at enrolment (default: host name).")
    String name;
    @Option(names = "--check-in-wait", paramLabel = "S", description = "Long-poll seconds (default 25).")
    String checkInWait;
    @Option(names = "--held-out-fraction", paramLabel = "F", description = "Held-out share for local evaluation (default 0.1).")
    String heldOutFraction;
    @Option(names = "--backoff-initial", paramLabel = "S", description = "First retry delay, seconds (default 1).")
    String backoffInitial;
    @Option(names = "--backoff-max", paramLabel = "S", description = "Largest retry delay, seconds (default 60).")
    String backoffMax;
    @Option(names = "--give-up-after", paramLabel = "S",
            description = "Exit (code 5) when the coordinator stays unreachable this long; 0 = never (default; 300 with --once).")
    String giveUpAfter;
    @Option(names = "--trusted-publishers", paramLabel = "PEM",
            description = "PEM file or folder of publisher keys whose signed code bundles this device runs.")
    String trustedPublishers;
    @Option(names = "--bundle-dir", paramLabel = "D", description = "Folder for verified bundles and their children.")
    String bundleDir;
    @Option(names = "--bundle-heap-mb", paramLabel = "MB", description = "Heap cap of a bundle's child JVM (default 1024).")
    String bundleHeapMb;
    @Option(names = "--bundle-isolation", paramLabel = "P", description = "required, best-effort (default) or process-only.")
    String bundleIsolation;
    @Option(names = "--require-signed-plans", paramLabel = "BOOL",
            description = "true to use only plans with a publisher signature under --trusted-publishers (default false).")
    String requireSignedPlans;
    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "PEM file of CA certificates trusted for the coordinator's TLS certificate, besides the system trust store.")
    String caFile;
    @Option(names = "--allow-insecure-http", paramLabel = "BOOL",
            description = "true to allow http:// to a coordinator that is not on this machine (default false).")
    String allowInsecureHttp;
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file with the same settings.")
    String config;
    @Option(names = "--once", description = "Check in once, do at most one assignment, exit.")
    boolean once;
    @Option(names = "--re-enrol", description = "Forget the stored identity and enrol again (needs a token).")
    boolean reEnrol;
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    public RunCommand(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        ClientConfig cfg = ConfigResolver.of(given(), config, env).forRun(once, reEnrol);
        StopSignal stop = new StopSignal();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().name("flotilla-shutdown").unstarted(() -> {
            if (done.getCount() > 0) {
                LOG.info("stop requested: finishing or abandoning the current round");
                stop.request("SIGTERM");
                try {
                    done.await(SHUTDOWN_GRACE.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            RunResult result = EdgeClient.runRounds(cfg, 0, stop);
            return result.status().code();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running: it sees done and returns
            }
        }
    }

    private Map<Setting, String> given() {
        Map<Setting, String> m = new EnumMap<>(Setting.class);
        put(m, Setting.COORDINATOR, coordinator);
        put(m, Setting.ENROLMENT_TOKEN, enrolmentToken);
        put(m, Setting.DATA, data);
        put(m, Setting.WORKERS, workers);
        put(m, Setting.STATE_DIR, stateDir);
        put(m, Setting.AVERAGING_FREQUENCY, averagingFrequency);
        put(m, Setting.MAX_ROUNDS, maxRounds);
        put(m, Setting.NAME, name);
        put(m, Setting.CHECK_IN_WAIT, checkInWait);
        put(m, Setting.HELD_OUT_FRACTION, heldOutFraction);
        put(m, Setting.BACKOFF_INITIAL, backoffInitial);
        put(m, Setting.BACKOFF_MAX, backoffMax);
        put(m, Setting.GIVE_UP_AFTER, giveUpAfter);
        put(m, Setting.TRUSTED_PUBLISHERS, trustedPublishers);
        put(m, Setting.BUNDLE_DIR, bundleDir);
        put(m, Setting.BUNDLE_HEAP_MB, bundleHeapMb);
        put(m, Setting.BUNDLE_ISOLATION, bundleIsolation);
        put(m, Setting.REQUIRE_SIGNED_PLANS, requireSignedPlans);
        put(m, Setting.CA_FILE, caFile);
        put(m, Setting.ALLOW_INSECURE_HTTP, allowInsecureHttp);
        return m;
    }

    private static void put(Map<Setting, String> m, Setting s, String v) {
        if (v != null) {
            m.put(s, v);
        }
    }
}
