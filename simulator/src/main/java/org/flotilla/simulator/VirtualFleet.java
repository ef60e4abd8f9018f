package org.flotilla.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;

import org.flotilla.edge.EdgeClient;
import org.flotilla.edge.ExitStatus;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.config.ConfigResolver;
import org.flotilla.edge.config.Setting;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.state.ArtifactCache;
import org.flotilla.edge.state.MemoryStateStore;
import org.flotilla.edge.training.TrainerLanes;

/**
 * The virtual clients of one process, each an {@link EdgeClient} with the device's own protocol
 * loop on a virtual thread. What they share: one HTTP client (its work on virtual threads), the
 * training lanes, and an artifact cache in memory (plans and weights by SHA-256, verified on every
 * read), so a round's global weights are held once, not once per client. Everything else is per
 * client: its enrolment and identity, its state store (in memory), its data, its conduct.
 */
final class VirtualFleet implements AutoCloseable {

    /** Plans and weights kept in the shared cache: a few rounds' worth. */
    private static final int SHARED_CACHE_ENTRIES = 16;

    private final StopSignal stop = new StopSignal();
    private final ExecutorService httpExecutor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final TrainerLanes lanes;
    private final List<Thread> threads = new ArrayList<>();
    private final List<RunResult> results = new ArrayList<>();
    private final Latencies latencies = new Latencies();

    /** @param lanes training lanes of one worker each, shared by every client */
    VirtualFleet(TrainerLanes lanes) {
        this.lanes = lanes;
        this.http = new TimedHttpClient(CoordinatorClient.httpClientBuilder(Duration.ofSeconds(30))
                .executor(httpExecutor).build(), latencies);
    }

    /**
     * Starts one virtual thread per member of {@code population}; each enrols with
     * {@code enrolmentToken} and runs until {@link #close()}. Clients start {@code startRate} per
     * second, as devices switched on over a while would: ten thousand enrolments in the same
     * instant would only measure the coordinator's connection pool.
     */
    void start(Population population, URI coordinator, String enrolmentToken, Heterogeneity heterogeneity,
               RoundTracker rounds, int startRate) {
        ArtifactCache cache = new ArtifactCache(new MemoryStateStore(Path.of("virtual", "shared-cache")),
                SHARED_CACHE_ENTRIES);
        int k = 0;
        for (Population.Member m : population.members()) {
            Duration delay = Duration.ofNanos(k++ * 1_000_000_000L / startRate);
            ClientConfig config = config(coordinator, enrolmentToken, m);
            EdgeClient client = EdgeClient.builder(config)
                    .store(new MemoryStateStore(Path.of("virtual", m.name())))
                    .data(m.data()).http(http).stop(stop).lanes(lanes).cache(cache)
                    .conduct(heterogeneity.isNone() ? null : new SimulatedConduct(m.index(), heterogeneity, rounds))
                    .build();
            threads.add(Thread.ofVirtual().name("virtual-" + m.name()).start(() -> {
                if (!stop.sleep(delay)) {
                    return;
                }
                RunResult r = client.run(0);
                synchronized (results) {
                    results.add(r);
                }
            }));
        }
    }

    /** The configuration {@code edge-client run} would resolve from these options, for one virtual client. */
    private static ClientConfig config(URI coordinator, String enrolmentToken, Population.Member m) {
        Map<Setting, String> cli = new EnumMap<>(Setting.class);
        cli.put(Setting.COORDINATOR, coordinator.toString());
        cli.put(Setting.ENROLMENT_TOKEN, enrolmentToken);
        cli.put(Setting.DATA, "virtual:" + m.name());
        cli.put(Setting.WORKERS, "1");
        cli.put(Setting.STATE_DIR, Path.of("virtual", m.name()).toString());
        cli.put(Setting.NAME, "sim-" + m.name());
        // Virtual clients' secrets are throw-away; a remote coordinator may be reached over plain HTTP.
        cli.put(Setting.ALLOW_INSECURE_HTTP, "true");
        return ConfigResolver.of(cli, null, Map.of()).forRun(false, false);
    }

    /** Clients whose loop ended with an error so far (an operator-fixable condition), with its message. */
    List<RunResult> failures() {
        synchronized (results) {
            return results.stream().filter(r -> r.status() != ExitStatus.OK).toList();
        }
    }

    /** The clients' answer times so far. */
    Latencies latencies() {
        return latencies;
    }

    /** Clients hosted. */
    int size() {
        return threads.size();
    }

    /** Stops every client at its next step and waits for them (up to a minute), then closes the HTTP client. */
    @Override
    public void close() {
        stop.request("the simulation ended");
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        for (Thread t : threads) {
            try {
                t.join(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.shutdownNow();
        httpExecutor.shutdownNow();
    }
}
