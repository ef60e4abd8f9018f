package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flotilla.coordinator.strategy.Rounds.assertClose;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

class FedAvgTest {

    /** Plain reference: {@code w + Σ n_k Δ_k / Σ n_k}, summed coordinate by coordinate in double. */
    static double[] referenceFedAvg(float[] global, float[][] deltas, long[] examples) {
        double[] out = new double[global.length];
        double total = 0;
        for (long n : examples) {
            total += n;
        }
        for (int i = 0; i < global.length; i++) {
            double s = 0;
            for (int k = 0; k < deltas.length; k++) {
                s += examples[k] * (double) deltas[k][i];
            }
            out[i] = global[i] + s / total;
        }
        return out;
    }

    @Test
    void streamingPathLoadsEachUpdateOnceAndEqualsTheWeightedMean() {
        // Prepare
        Random random = new Random(1);
        float[] global = Rounds.gaussian(random, 1500, 1.0);
        Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, 7, 1500, 0.5), Rounds.examples(random, 7));

        // Execute
        var model = newModel(new FedAvg().aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        round.assertEachLoadedExactly(1);
        assertClose(model.weights(), referenceFedAvg(global, round.deltas, round.examples), 1e-6);
        assertThat(model.participants()).containsExactly("c0", "c1", "c2", "c3", "c4", "c5", "c6");
        assertThat(model.excluded()).isEmpty();
    }

    @Test
    void leavesTheGlobalWeightsAndTheStateUntouched() {
        // Prepare
        Random random = new Random(2);
        float[] global = Rounds.gaussian(random, 100, 1.0);
        float[] before = global.clone();
        StrategyState state = new StrategyState(Map.of("x", new float[] {1f}), Map.of("k", 2.0));
        Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, 3, 100, 1.0), Rounds.ones(3));

        // Execute
        var model = newModel(new FedAvg().aggregate(Rounds.round(1), global, round.source, state));

        // Assert
        assertThat(global).containsExactly(before);
        assertThat(model.state()).isSameAs(state);
    }

    @Test
    void noUpdatesIsNoNewModel() {
        // Execute
        AggregationOutcome outcome = new FedAvg().aggregate(Rounds.round(1), new float[4], UpdateSource.of(List.of()),
                StrategyState.EMPTY);

        // Assert
        assertThat(outcome).isEqualTo(new AggregationOutcome.NoNewModel("no updates to aggregate"));
    }

    @Test
    void aDeltaOfTheWrongLengthIsABrokenPrecondition() {
        // Prepare
        Rounds.Counted round = new Rounds.Counted(new float[][] {new float[3]}, Rounds.ones(1));

        // Execute / Assert
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new FedAvg().aggregate(Rounds.round(1), new float[4], round.source, StrategyState.EMPTY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not match");
    }
}
