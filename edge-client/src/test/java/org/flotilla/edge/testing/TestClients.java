package org.flotilla.edge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.flotilla.edge.EdgeClient;
import org.flotilla.edge.RunResult;
import org.flotilla.edge.config.BundleOptions;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.http.Backoff;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.round.UpdateTransform;
import org.flotilla.edge.training.LocalTraining;
import org.flotilla.edge.state.FileStateStore;
import org.flotilla.edge.state.StateStore;
import org.flotilla.model.signing.SigningKey;

/** Builds edge clients wired to a fake coordinator, with fast retries. */
public final class TestClients {

    private TestClients() {
    }

    /** Fast, seeded backoff: 50 ms doubling to 400 ms. */
    public static Backoff fastBackoff() {
        return new Backoff(Duration.ofMillis(50), 2.0, Duration.ofMillis(400), 0.2, 42);
    }

    /** A configuration for tests: 2 s long-poll-free check-ins, fast retries, give up after 5 s. */
    /**
     * A one-worker configuration in {@code dir} (state in {@code state}, bundles in {@code bundles})
     * whose trusted publisher file holds {@code publisher}'s key, or that trusts nobody when it is null.
     */
    public static ClientConfig trusting(URI coordinator, Path dir, SigningKey publisher) throws IOException {
        Path trust = publisher == null ? null
                : Files.writeString(dir.resolve("trusted.pem"), publisher.publisherKey().toPem());
        return config(coordinator, dir.resolve("state"), 1)
                .withBundles(new BundleOptions(trust, dir.resolve("bundles"), 256, "best-effort"));
    }

    public static ClientConfig config(URI coordinator, Path stateDir, int workers) {
        return new ClientConfig(coordinator, FakeCoordinator.ENROLMENT_TOKEN, "generated", workers, stateDir, 4, 0,
                false, false, "test-device", 0, 0.1, fastBackoff(), Duration.ofSeconds(5));
    }

    /** Runs a client with generated data until {@code rounds} assignments are handled. */
    public static RunResult run(ClientConfig config, ClientData data, int rounds) {
        return run(config, data, rounds, new StopSignal(), store(config.stateDir()));
    }

    public static RunResult run(ClientConfig config, ClientData data, int rounds, StopSignal stop, StateStore store) {
        return run(config, data, rounds, stop, store, UpdateTransform.NONE);
    }

    /** As {@link #run(ClientConfig, ClientData, int, StopSignal, StateStore)}, every update passed through {@code transform}. */
    public static RunResult run(ClientConfig config, ClientData data, int rounds, StopSignal stop, StateStore store,
                                UpdateTransform transform) {
        return run(config, data, rounds, stop, store, transform, LocalTraining.DL4J);
    }

    /** As above, the built-in loop's network built and trained through {@code training}. */
    public static RunResult run(ClientConfig config, ClientData data, int rounds, StopSignal stop, StateStore store,
                                UpdateTransform transform, LocalTraining training) {
        var http = CoordinatorClient.defaultHttpClient(Duration.ofSeconds(2));
        try {
            return EdgeClient.builder(config).store(store).data(data).http(http).stop(stop).clock(Clock.systemUTC())
                    .transform(transform).training(training).build().run(rounds);
        } finally {
            http.shutdownNow();
        }
    }

    public static StateStore store(Path dir) {
        try {
            return FileStateStore.open(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code dir}, relative, sorted (to check for leftovers). */
    public static List<String> files(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blob data: {@code n} training examples and a fifth as many held out. */
    public static ClientData blobs(int n, int features, int classes, long seed) {
        var all = TestData.blobs(n + n / 5, features, classes, seed);
        var split = all.splitHeldOut((double) (n / 5) / (n + n / 5), seed);
        return new ClientData(split.train(), split.heldOut(), "generated blobs");
    }
}
