package org.flotilla.coordinator.strategy;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flotilla.coordinator.strategy.Rounds.assertClose;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

class MedianTest {

    /** Plain reference: per coordinate, copy the column into a fresh double array, sort, take the middle. */
    static double[] referenceMedian(float[] global, float[][] deltas) {
        double[] out = new double[global.length];
        for (int i = 0; i < global.length; i++) {
            double[] column = new double[deltas.length];
            for (int k = 0; k < deltas.length; k++) {
                column[k] = deltas[k][i];
            }
            Arrays.sort(column);
            int n = column.length;
            double median = n % 2 == 1 ? column[n / 2] : (column[n / 2 - 1] + column[n / 2]) / 2;
            out[i] = global[i] + median;
        }
        return out;
    }

    @ParameterizedTest(name = "{0} clients, {1} coordinates")
    @CsvSource({"1, 50", "5, 2000", "6, 2000", "11, 777", "5000, 3"})
    void blockedColumnPathEqualsThePlainPerCoordinateMedian(int n, int d) {
        // Prepare
        Random random = new Random(31L * n + d);
        float[] global = Rounds.gaussian(random, d, 1.0);
        Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, n, d, 1.0), Rounds.examples(random, n));

        // Execute
        var model = newModel(new Median().aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        round.assertEachLoadedExactly(1);
        assertClose(model.weights(), referenceMedian(global, round.deltas), 1e-6);
        assertThat(model.participants()).hasSize(n);
    }

    @Test
    void oneUpdateScaledBy100AmongFiveBarelyMovesTheAggregate() {
        // Prepare
        Random random = new Random(5);
        float[] global = new float[1000];
        Rounds.Counted round = new Rounds.Counted(Rounds.withOneScaledBy100(random, 5, 1000), Rounds.ones(5));
        double[] honestMean = Rounds.meanOfRowsFrom(round.deltas, 1);

        // Execute
        var median = newModel(new Median().aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));
        var fedAvg = newModel(new FedAvg().aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        double medianError = Rounds.distance(median.weights(), honestMean);
        double fedAvgError = Rounds.distance(fedAvg.weights(), honestMean);
        assertThat(medianError).isLessThan(0.15 * Rounds.norm(honestMean));
        assertThat(fedAvgError).isGreaterThan(10 * Rounds.norm(honestMean));
    }

    @Test
    void exampleCountsDoNotWeighIn() {
        // Prepare: three clients, the outlier claims a huge example count
        float[][] deltas = {{1f}, {2f}, {100f}};
        Rounds.Counted round = new Rounds.Counted(deltas, new long[] {1, 1, 1_000_000});

        // Execute
        var model = newModel(new Median().aggregate(Rounds.round(1), new float[1], round.source, StrategyState.EMPTY));

        // Assert
        assertThat(model.weights()).containsExactly(2f);
    }

    @Test
    void noUpdatesIsNoNewModel() {
        // Execute
        AggregationOutcome outcome = new Median().aggregate(Rounds.round(1), new float[3], UpdateSource.of(List.of()),
                StrategyState.EMPTY);

        // Assert
        assertThat(outcome).isInstanceOf(AggregationOutcome.NoNewModel.class);
    }
}
