package org.flotilla.coordinator.strategy;

import java.util.Map;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.strategy.Rounds.assertClose;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

class FedAvgMTest {

    private static final int ROUNDS = 4;
    private static final int D = 600;

    /** Plain reference of Hsu et al.: v ← βv + Δ̄, w ← w + ηv, all in double. */
    static final class Reference {
        final double eta;
        final double beta;
        final double[] w;
        final double[] v;

        Reference(float[] global, double eta, double beta) {
            this.eta = eta;
            this.beta = beta;
            this.w = StrategyMath.toDouble(global);
            this.v = new double[global.length];
        }

        void round(float[][] deltas, long[] examples) {
            double[] mean = new double[w.length];
            double total = 0;
            for (int k = 0; k < deltas.length; k++) {
                total += examples[k];
                for (int i = 0; i < w.length; i++) {
                    mean[i] += examples[k] * (double) deltas[k][i];
                }
            }
            for (int i = 0; i < w.length; i++) {
                v[i] = beta * v[i] + mean[i] / total;
                w[i] += eta * v[i];
            }
        }
    }

    @ParameterizedTest(name = "η={0}, β={1}")
    @CsvSource({"1.0, 0.9", "0.5, 0.7", "1.0, 0.0"})
    void followsTheReferenceTrajectoryWithStateCarriedAcrossRounds(double eta, double beta) {
        // Prepare
        Random random = new Random(11);
        float[] global = Rounds.gaussian(random, D, 1.0);
        Strategy strategy = Strategies.create("fedavgm", Map.of("serverLearningRate", eta, "serverMomentum", beta));
        Reference reference = new Reference(global, eta, beta);
        StrategyState state = StrategyState.EMPTY;

        for (int r = 1; r <= ROUNDS; r++) {
            Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, 6, D, 0.2), Rounds.examples(random, 6));

            // Execute
            var model = newModel(strategy.aggregate(Rounds.round(r), global, round.source, state));
            reference.round(round.deltas, round.examples);

            // Assert
            round.assertEachLoadedExactly(1);
            assertClose(model.weights(), reference.w, 1e-5);
            assertClose(model.state().vector(FedAvgM.VELOCITY), reference.v, 1e-5);
            global = model.weights();
            state = model.state();
        }
    }

    @Test
    void defaultsAreTheBriefsServerLearningRateOneAndMomentumPointNine() {
        // Execute
        Strategy strategy = Strategies.create("fedavgm", null);

        // Assert
        assertThat(strategy.settings()).containsExactly(Map.entry("serverLearningRate", 1.0),
                Map.entry("serverMomentum", 0.9));
    }

    @Test
    void momentumOneIsRejectedNamingTheFieldAndTheLimit() {
        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create("fedavgm", Map.of("serverMomentum", 1.0)))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.serverMomentum");
                    assertThat(e.limit()).isEqualTo("in [0, 1)");
                    assertThat(e.getMessage()).isEqualTo("strategy.serverMomentum must be in [0, 1) (was 1.0)");
                });
    }

    @Test
    void aVelocityFromAnotherModelIsABrokenPrecondition() {
        // Prepare
        StrategyState foreign = new StrategyState(Map.of(FedAvgM.VELOCITY, new float[3]), Map.of());
        Rounds.Counted round = new Rounds.Counted(new float[][] {new float[5]}, Rounds.ones(1));

        // Execute / Assert
        assertThatThrownBy(() -> new FedAvgM(1.0, 0.9).aggregate(Rounds.round(2), new float[5], round.source, foreign))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
