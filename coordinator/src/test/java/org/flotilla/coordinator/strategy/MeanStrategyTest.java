package org.flotilla.coordinator.strategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.flotilla.coordinator.aggregation.StoredVectors;
import org.flotilla.model.codec.StoredWeights;
import org.flotilla.model.codec.WeightsCodec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

/** The precomputed-mean path of the mean-based strategies, and which strategies have one. */
class MeanStrategyTest {

    @ParameterizedTest
    @ValueSource(strings = {"fedavg", "fedprox", "fedavgm", "fedadagrad", "fedadam", "fedyogi"})
    void aPrecomputedMeanGivesTheModelAndStateOfTheStreamingPathOverTwoRounds(String name) {
        // Prepare
        Random random = new Random(7);
        float[] global = Rounds.gaussian(random, 300, 1.0);
        Rounds.Counted first = new Rounds.Counted(Rounds.gaussian(random, 5, 300, 0.3), Rounds.examples(random, 5));
        Rounds.Counted second = new Rounds.Counted(Rounds.gaussian(random, 5, 300, 0.3), Rounds.examples(random, 5));
        MeanStrategy strategy = Strategies.meanBased(Strategies.create(name, Map.of())).orElseThrow();

        // Execute
        var streamed1 = newModel(strategy.aggregate(Rounds.round(1), global, first.source, StrategyState.EMPTY));
        var streamed2 = newModel(strategy.aggregate(Rounds.round(2), streamed1.weights(), second.source, streamed1.state()));
        var given1 = newModel(strategy.aggregateMean(Rounds.round(1), global, meanOf(first), StrategyState.EMPTY));
        var given2 = newModel(strategy.aggregateMean(Rounds.round(2), given1.weights(), meanOf(second), given1.state()));

        // Assert
        assertThat(given2.weights()).containsExactly(streamed2.weights());
        assertThat(given2.state().vectors().keySet()).isEqualTo(streamed2.state().vectors().keySet());
        streamed2.state().vectors().forEach((k, v) -> assertThat(given2.state().vector(k)).as(k).containsExactly(v));
        assertThat(given1.participants()).isEqualTo(first.source.clientIds());
        first.assertEachLoadedExactly(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fedavg", "fedprox", "fedavgm", "fedadam", "median", "krum", "fedavg+clip", "fedavg+reject",
            "fedavg+one-loaded"})
    void foldingStoredUpdatesStraightFromTheirFilesGivesTheModelOfLoadingThem(String spec, @TempDir Path dir)
            throws IOException {
        // Prepare: the same deltas as arrays, and as stored files read the way the aggregator reads them
        Random random = new Random(11);
        int d = 3 * StrategyMath.FOLD_BLOCK + 17;
        float[] global = Rounds.gaussian(random, d, 1.0);
        Rounds.Counted counted = new Rounds.Counted(Rounds.gaussian(random, 5, d, 0.3), Rounds.examples(random, 5));
        for (int i = 0; i < d; i++) {
            counted.deltas[0][i] *= 10;   // norm about 1,330 against the others' 133: clipped, or rejected
        }
        List<ClientUpdate> stored = new ArrayList<>();
        for (int k = 0; k < 5; k++) {
            Path file = Files.write(dir.resolve("u" + k), WeightsCodec.encode(counted.deltas[k]));
            Supplier<float[]> loader = () -> read(file, d);
            stored.add(spec.endsWith("one-loaded") && k == 2   // a mix: the block-wise fold cannot be used
                    ? new ClientUpdate(Rounds.id(k), counted.examples[k], null, loader)
                    : new ClientUpdate(Rounds.id(k), counted.examples[k], null, loader, () -> open(file, d)));
        }
        String[] parts = spec.split("\\+");
        Map<String, Object> settings = parts.length == 1 || parts[1].equals("one-loaded") ? Map.of()
                : Map.of("normBound", Map.of("maxNorm", 500, "policy", parts[1]));

        // Execute
        var loaded = newModel(Strategies.create(parts[0], settings).aggregate(Rounds.round(1), global, counted.source,
                StrategyState.EMPTY));
        var folded = newModel(Strategies.create(parts[0], settings).aggregate(Rounds.round(1), global,
                UpdateSource.of(stored), StrategyState.EMPTY));

        // Assert: the same float rounding, bit for bit
        assertThat(folded.weights()).isEqualTo(loaded.weights());
        assertThat(folded.participants()).isEqualTo(loaded.participants());
    }

    @Test
    void aFailingStoredUpdateClosesEveryOpenedOneAndSaysWhich(@TempDir Path dir) throws IOException {
        int d = 2 * StrategyMath.FOLD_BLOCK;
        float[] delta = Rounds.gaussian(new Random(3), d, 1.0);
        Path good = Files.write(dir.resolve("good"), WeightsCodec.encode(delta));
        byte[] bytes = WeightsCodec.encode(delta);
        Path truncated = Files.write(dir.resolve("truncated"), java.util.Arrays.copyOf(bytes, bytes.length - 40));
        List<Boolean> closed = new ArrayList<>();
        ClientUpdate.Stored tracked = () -> {
            ClientUpdate.RangeFolder f = open(good, d);
            return new ClientUpdate.RangeFolder() {
                @Override
                public void addScaled(double[] acc, double weight, int from, int to) {
                    f.addScaled(acc, weight, from, to);
                }

                @Override
                public void close() {
                    f.close();
                    closed.add(true);
                }
            };
        };
        List<ClientUpdate> updates = List.of(
                new ClientUpdate("a", 1, null, () -> read(good, d), tracked),
                new ClientUpdate("b", 1, null, () -> read(truncated, d), () -> open(truncated, d)));

        assertThatThrownBy(() -> StrategyMath.exampleWeightedMean(d, UpdateSource.of(updates)))
                .hasMessageContaining("truncated");
        assertThat(closed).hasSize(1);
    }

    private static float[] read(Path file, int d) {
        try {
            return StoredWeights.read(file, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ClientUpdate.RangeFolder open(Path file, int d) {
        try {
            return StoredVectors.folder(StoredWeights.open(file, d), file.getFileName().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aMeanOfTheWrongLengthIsRefused() {
        MeanStrategy fedavg = new FedAvg();
        assertThatThrownBy(() -> fedavg.aggregateMean(Rounds.round(1), new float[3],
                new WeightedMean(new double[2], List.of("c0")), StrategyState.EMPTY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void strategiesThatNeedEachUpdateHaveNoMeanPathAndAClippingNormBoundHandsOverItsInnerStrategy() {
        for (String name : List.of("median", "trimmed-mean", "krum")) {
            assertThat(Strategies.meanBased(Strategies.create(name, Map.of()))).as(name).isEmpty();
        }
        Strategy rejecting = Strategies.create("fedavg", Map.of("normBound", Map.of("maxNorm", 2, "policy", "reject")));
        assertThat(Strategies.meanBased(rejecting)).isEmpty();
        Strategy clipping = Strategies.create("fedyogi", Map.of("normBound", Map.of("maxNorm", 2, "policy", "clip")));
        assertThat(Strategies.meanBased(clipping)).hasValueSatisfying(s -> assertThat(s).isInstanceOf(FedYogi.class));
        Strategy clippedMedian = Strategies.create("median", Map.of("normBound", Map.of("maxNorm", 2, "policy", "clip")));
        assertThat(Strategies.meanBased(clippedMedian)).isEmpty();
    }

    private static WeightedMean meanOf(Rounds.Counted round) {
        int d = round.deltas[0].length;
        double[] mean = new double[d];
        double total = 0;
        for (long n : round.examples) {
            total += n;
        }
        for (int i = 0; i < d; i++) {
            double s = 0;
            for (int k = 0; k < round.deltas.length; k++) {
                s += round.examples[k] * (double) round.deltas[k][i];
            }
            mean[i] = s / total;
        }
        List<String> ids = round.source.clientIds();
        return new WeightedMean(mean, ids);
    }
}
