package org.flotilla.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.flotilla.coordinator.aggregation.StoredVectors;
import org.flotilla.coordinator.strategy.AggregationOutcome;
import org.flotilla.coordinator.strategy.ClientUpdate;
import org.flotilla.coordinator.strategy.FedAvg;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.StrategyState;
import org.flotilla.coordinator.strategy.UpdateSource;
import org.flotilla.model.codec.StoredWeights;
import org.flotilla.model.codec.WeightsCodec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.flotilla.model.wire.UpdateMetrics;

/**
 * FedAvg over 100 updates of the CNN's size (1,663,370 parameters), as the coordinator runs it:
 * {@code inMemory} folds deltas already decoded (the arithmetic alone); {@code fromDisk} folds
 * each stored update file into the mean as the coordinator does (header and length checked, no
 * re-hashing: updates are verified on arrival), one at a time, in O(model) memory;
 * {@code fromDiskVerified} decodes each file with full verification (checksum and finiteness).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class FedAvgBenchmark {

    static final int CNN_PARAMETERS = 1_663_370;

    @Param({"100"})
    int updates;

    private float[] global;
    private List<float[]> deltas;
    private Path dir;
    private List<Path> files;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        SplittableRandom r = new SplittableRandom(42);
        global = random(r);
        deltas = new ArrayList<>();
        dir = Files.createTempDirectory("fedavg-bench");
        files = new ArrayList<>();
        for (int i = 0; i < updates; i++) {
            float[] d = random(r);
            for (int j = 0; j < d.length; j++) {
                d[j] *= 0.01f;
            }
            deltas.add(d);
            Path f = dir.resolve("u" + i);
            Files.write(f, WeightsCodec.encode(d));
            files.add(f);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (Path f : files) {
            Files.deleteIfExists(f);
        }
        Files.deleteIfExists(dir);
    }

    @Benchmark
    public float[] inMemory() {
        List<ClientUpdate> list = new ArrayList<>();
        for (int i = 0; i < updates; i++) {
            float[] d = deltas.get(i);
            list.add(new ClientUpdate("c" + i, 500 + i, metrics(500 + i), () -> d));
        }
        return run(UpdateSource.of(list));
    }

    /**
     * The production path ({@link StoredVectors}): the stored updates are folded into the mean
     * straight from their files, block by block across all of them, through one reused direct
     * buffer, without re-hashing (they were verified on arrival).
     */
    @Benchmark
    public float[] fromDisk() {
        List<ClientUpdate> list = new ArrayList<>();
        for (int i = 0; i < updates; i++) {
            Path f = files.get(i);
            list.add(new ClientUpdate("c" + i, 500 + i, metrics(500 + i), () -> io(() -> StoredWeights.read(f, CNN_PARAMETERS)),
                    () -> StoredVectors.folder(io(() -> StoredWeights.open(f, CNN_PARAMETERS)), f.toString())));
        }
        return run(UpdateSource.of(list));
    }

    /**
     * Each update decoded with full verification (SHA-256 trailer, finiteness) into a fresh array:
     * what arrival costs per update, and what aggregation did before it trusted the store.
     */
    @Benchmark
    public float[] fromDiskVerified() {
        List<ClientUpdate> list = new ArrayList<>();
        for (int i = 0; i < updates; i++) {
            Path f = files.get(i);
            list.add(new ClientUpdate("c" + i, 500 + i, metrics(500 + i), () -> io(() -> WeightsCodec.read(f, CNN_PARAMETERS))));
        }
        return run(UpdateSource.of(list));
    }

    private interface IoCall<T> {
        T call() throws IOException;
    }

    private static <T> T io(IoCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private float[] run(UpdateSource source) {
        AggregationOutcome out = new FedAvg().aggregate(new RoundContext(1, 1, updates, 1), global, source, StrategyState.EMPTY);
        return ((AggregationOutcome.NewModel) out).weights();
    }

    private static UpdateMetrics metrics(long examples) {
        return new UpdateMetrics(examples, 0.5, 0.8, null, null, 1, 1, examples, 1, 1, null);
    }

    private static float[] random(SplittableRandom r) {
        float[] v = new float[CNN_PARAMETERS];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }
}
