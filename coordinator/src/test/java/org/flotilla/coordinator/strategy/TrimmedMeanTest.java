package org.flotilla.coordinator.strategy;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.strategy.Rounds.assertClose;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

class TrimmedMeanTest {

    /** Plain reference: per coordinate, sort a double copy of the column, drop b from each end, average. */
    static double[] referenceTrimmedMean(float[] global, float[][] deltas, int b) {
        double[] out = new double[global.length];
        for (int i = 0; i < global.length; i++) {
            double[] column = new double[deltas.length];
            for (int k = 0; k < deltas.length; k++) {
                column[k] = deltas[k][i];
            }
            Arrays.sort(column);
            double sum = 0;
            for (int k = b; k < column.length - b; k++) {
                sum += column[k];
            }
            out[i] = global[i] + sum / (column.length - 2 * b);
        }
        return out;
    }

    @ParameterizedTest(name = "β={0}, n={1} → b={2}")
    @CsvSource({"0.1, 10, 1", "0.2, 7, 1", "0.4, 6, 2", "0.0, 4, 0", "0.1, 5, 0", "0.49, 9, 4", "0.3, 10, 3"})
    void blockedColumnPathEqualsThePlainPerCoordinateTrimmedMean(double beta, int n, int b) {
        // Prepare
        Random random = new Random(Double.hashCode(beta) + n);
        int d = 1234;
        float[] global = Rounds.gaussian(random, d, 1.0);
        Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, n, d, 1.0), Rounds.examples(random, n));
        TrimmedMean strategy = (TrimmedMean) Strategies.create("trimmed-mean", Map.of("trimFraction", beta));

        // Execute
        var model = newModel(strategy.aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        assertThat(strategy.trimmed(n)).isEqualTo(b);
        round.assertEachLoadedExactly(1);
        assertClose(model.weights(), referenceTrimmedMean(global, round.deltas, b), 1e-6);
    }

    @Test
    void trimCountIsTheFloorEvenWhereBinaryRoundingFallsShort() {
        // Assert: 0.29 × 100 is 28.999999999999996 in double
        assertThat(new TrimmedMean(0.29).trimmed(100)).isEqualTo(29);
        assertThat(new TrimmedMean(0.1).trimmed(9)).isZero();
    }

    @Test
    void oneUpdateScaledBy100AmongFiveBarelyMovesTheAggregate() {
        // Prepare: β = 0.2 trims one value from each end of 5 (the default 0.1 would trim none)
        Random random = new Random(6);
        float[] global = new float[1000];
        Rounds.Counted round = new Rounds.Counted(Rounds.withOneScaledBy100(random, 5, 1000), Rounds.ones(5));
        double[] honestMean = Rounds.meanOfRowsFrom(round.deltas, 1);

        // Execute
        var model = newModel(new TrimmedMean(0.2).aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        assertThat(Rounds.distance(model.weights(), honestMean)).isLessThan(0.15 * Rounds.norm(honestMean));
    }

    @Test
    void aTrimFractionOfOneHalfIsRejectedNamingTheFieldAndTheLimit() {
        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create("trimmed-mean", Map.of("trimFraction", 0.5)))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.trimFraction");
                    assertThat(e.limit()).isEqualTo("in [0, 0.5)");
                });
    }
}
