package org.flotilla.coordinator.strategy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.strategy.Rounds.assertClose;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

/** FedAdagrad, FedAdam and FedYogi against a plain transcription of Reddi et al., Algorithm 2. */
class FedOptTest {

    private static final int ROUNDS = 5;
    private static final int D = 500;

    /** Algorithm 2 in double, one coordinate at a time; m starts at 0 and v at τ². */
    static final class Reference {
        final String variant;
        final double eta;
        final double beta1;
        final double beta2;
        final double tau;
        final double[] x;
        final double[] m;
        final double[] v;

        Reference(String variant, float[] global, double eta, double beta1, double beta2, double tau) {
            this.variant = variant;
            this.eta = eta;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.tau = tau;
            this.x = StrategyMath.toDouble(global);
            this.m = new double[global.length];
            this.v = new double[global.length];
            java.util.Arrays.fill(v, tau * tau);
        }

        void round(float[][] deltas, long[] examples) {
            double total = 0;
            for (long n : examples) {
                total += n;
            }
            for (int i = 0; i < x.length; i++) {
                double delta = 0;
                for (int k = 0; k < deltas.length; k++) {
                    delta += examples[k] * (double) deltas[k][i];
                }
                delta /= total;
                m[i] = beta1 * m[i] + (1 - beta1) * delta;
                double d2 = delta * delta;
                switch (variant) {
                    case "fedadagrad" -> v[i] = v[i] + d2;
                    case "fedadam" -> v[i] = beta2 * v[i] + (1 - beta2) * d2;
                    case "fedyogi" -> v[i] = v[i] - (1 - beta2) * d2 * Math.signum(v[i] - d2);
                    default -> throw new AssertionError(variant);
                }
                x[i] = x[i] + eta * m[i] / (Math.sqrt(v[i]) + tau);
            }
        }
    }

    static Stream<Arguments> variants() {
        return Stream.of(
                // name, settings given (empty = defaults), eta, beta1, beta2, tau as the reference uses them
                Arguments.of("fedadagrad", Map.of(), 0.1, 0.0, 0.0, 1e-9),
                Arguments.of("fedadagrad", Map.of("eta", 0.05, "beta1", 0.9, "tau", 1e-3), 0.05, 0.9, 0.0, 1e-3),
                Arguments.of("fedadam", Map.of(), 0.1, 0.9, 0.99, 1e-9),
                Arguments.of("fedadam", Map.of("eta", 0.02, "beta1", 0.5, "beta2", 0.9, "tau", 1e-2), 0.02, 0.5, 0.9, 1e-2),
                Arguments.of("fedyogi", Map.of(), 0.01, 0.9, 0.99, 1e-3),
                Arguments.of("fedyogi", Map.of("eta", 0.03, "beta1", 0.0, "beta2", 0.9, "tau", 1e-4), 0.03, 0.0, 0.9, 1e-4));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("variants")
    void followsAlgorithm2WithMomentsCarriedAcrossRounds(String name, Map<String, Object> settings, double eta,
                                                          double beta1, double beta2, double tau) {
        // Prepare
        Random random = new Random(name.hashCode() + settings.size());
        float[] global = Rounds.gaussian(random, D, 1.0);
        Strategy strategy = Strategies.create(name, settings);
        Reference reference = new Reference(name, global, eta, beta1, beta2, tau);
        StrategyState state = StrategyState.EMPTY;

        for (int r = 1; r <= ROUNDS; r++) {
            Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, 5, D, 0.05), Rounds.examples(random, 5));

            // Execute
            var model = newModel(strategy.aggregate(Rounds.round(r), global, round.source, state));
            reference.round(round.deltas, round.examples);

            // Assert
            round.assertEachLoadedExactly(1);
            assertClose(model.weights(), reference.x, 1e-5);
            assertClose(model.state().vector("m"), reference.m, 1e-5);
            assertClose(model.state().vector("v"), reference.v, 1e-5);
            global = model.weights();
            state = model.state();
        }
    }

    @Test
    void defaultsAreFlowersForEachVariant() {
        // Execute
        Map<String, Map<String, Object>> defaults = new LinkedHashMap<>();
        for (String name : new String[] {"fedadagrad", "fedadam", "fedyogi"}) {
            defaults.put(name, Strategies.create(name, Map.of()).settings());
        }

        // Assert
        assertThat(defaults.get("fedadagrad")).containsExactly(
                Map.entry("eta", 0.1), Map.entry("beta1", 0.0), Map.entry("tau", 1e-9));
        assertThat(defaults.get("fedadam")).containsExactly(
                Map.entry("eta", 0.1), Map.entry("beta1", 0.9), Map.entry("beta2", 0.99), Map.entry("tau", 1e-9));
        assertThat(defaults.get("fedyogi")).containsExactly(
                Map.entry("eta", 0.01), Map.entry("beta1", 0.9), Map.entry("beta2", 0.99), Map.entry("tau", 1e-3));
    }

    @Test
    void theSecondMomentStartsAtTauSquared() {
        // Prepare: a zero pseudo-gradient leaves Adagrad's v at its initial value
        Rounds.Counted round = new Rounds.Counted(new float[][] {new float[4]}, Rounds.ones(1));

        // Execute
        var model = newModel(new FedAdagrad(0.1, 0.0, 1e-2).aggregate(Rounds.round(1), new float[4], round.source,
                StrategyState.EMPTY));

        // Assert
        assertThat(model.state().vector("v")).containsOnly((float) 1e-4);
        assertThat(model.state().vector("m")).containsOnly(0f);
        assertThat(model.weights()).containsOnly(0f);
    }

    @Test
    void adagradHasNoBeta2AndZeroTauIsOutOfRange() {
        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create("fedadagrad", Map.of("beta2", 0.99)))
                .isInstanceOfSatisfying(StrategyConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("strategy.beta2"));
        assertThatThrownBy(() -> Strategies.create("fedyogi", Map.of("tau", 0)))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.tau");
                    assertThat(e.limit()).isEqualTo("a number > 0");
                });
    }
}
