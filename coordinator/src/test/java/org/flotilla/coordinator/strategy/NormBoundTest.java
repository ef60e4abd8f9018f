package org.flotilla.coordinator.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

import org.flotilla.model.wire.EvalResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.strategy.Rounds.assertClose;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

class NormBoundTest {

    /** One delta per given L2 norm: a random direction scaled to that norm. */
    private static float[][] deltasWithNorms(Random random, int d, double... norms) {
        float[][] rows = Rounds.gaussian(random, norms.length, d, 1.0);
        for (int k = 0; k < rows.length; k++) {
            double scale = norms[k] / StrategyMath.l2Norm(rows[k]);
            for (int i = 0; i < d; i++) {
                rows[k][i] = (float) (rows[k][i] * scale);
            }
        }
        return rows;
    }

    @Test
    void clipScalesLargeUpdatesToTheBoundAndSaysSo() {
        // Prepare
        Random random = new Random(21);
        float[] global = Rounds.gaussian(random, 300, 1.0);
        Rounds.Counted round = new Rounds.Counted(deltasWithNorms(random, 300, 5, 20, 8, 40, 2),
                Rounds.examples(random, 5));
        Strategy strategy = Strategies.create("fedavg", Map.of("normBound", Map.of("maxNorm", 10, "policy", "clip")));

        // Execute
        var model = newModel(strategy.aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert: the reference clips in double, then takes the weighted mean
        float[][] clipped = new float[5][];
        for (int k = 0; k < 5; k++) {
            double norm = StrategyMath.l2Norm(round.deltas[k]);
            clipped[k] = StrategyMath.scaled(round.deltas[k], norm > 10 ? 10 / norm : 1);
        }
        assertClose(model.weights(), FedAvgTest.referenceFedAvg(global, clipped, round.examples), 1e-5);
        round.assertEachLoadedExactly(1);
        assertThat(model.participants()).containsExactly("c0", "c1", "c2", "c3", "c4");
        assertThat(model.excluded()).containsOnlyKeys("c1", "c3");
        assertThat(model.excluded().get("c1")).matches("norm 20\\.0+ > 10: clipped");
        assertThat(model.excluded().get("c3")).matches("norm 40\\.0+ > 10: clipped");
    }

    @Test
    void rejectLeavesLargeUpdatesOutAndSaysSo() {
        // Prepare
        Random random = new Random(22);
        float[] global = Rounds.gaussian(random, 300, 1.0);
        Rounds.Counted round = new Rounds.Counted(deltasWithNorms(random, 300, 5, 20, 8, 40, 2),
                Rounds.examples(random, 5));
        Strategy strategy = Strategies.create("fedavg",
                Map.of("normBound", Map.of("maxNorm", 10.0, "policy", "reject")));

        // Execute
        var model = newModel(strategy.aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        float[][] kept = {round.deltas[0], round.deltas[2], round.deltas[4]};
        long[] keptExamples = {round.examples[0], round.examples[2], round.examples[4]};
        assertClose(model.weights(), FedAvgTest.referenceFedAvg(global, kept, keptExamples), 1e-6);
        assertThat(model.participants()).containsExactly("c0", "c2", "c4");
        assertThat(model.excluded()).containsOnlyKeys("c1", "c3");
        assertThat(model.excluded().get("c3")).matches("norm 40\\.0+ > 10: rejected");
        assertThat(round.loads.get(1)).isEqualTo(1);
        assertThat(round.loads.get(0)).isEqualTo(2);
    }

    @Test
    void allRejectedIsNoNewModel() {
        // Prepare
        Random random = new Random(23);
        Rounds.Counted round = new Rounds.Counted(deltasWithNorms(random, 50, 11, 12), Rounds.ones(2));

        // Execute
        AggregationOutcome outcome = new NormBound(new FedAvg(), 10, NormBound.Policy.REJECT)
                .aggregate(Rounds.round(1), new float[50], round.source, StrategyState.EMPTY);

        // Assert
        assertThat(outcome).isEqualTo(new AggregationOutcome.NoNewModel(
                "all 2 updates rejected: L2 norm above maxNorm 10"));
    }

    @Test
    void mergesItsReasonsWithTheWrappedStrategysAndPassesStateAndClientSettingsThrough() {
        // Prepare: Krum (f=1) over 5 clients, one far away and far above the bound
        Random random = new Random(24);
        Rounds.Counted round = new Rounds.Counted(deltasWithNorms(random, 100, 1, 1.1, 0.9, 1, 500), Rounds.ones(5));
        Strategy krum = Strategies.create("krum", Map.of("normBound", Map.of("maxNorm", 2)));
        Strategy prox = Strategies.create("fedprox", Map.of("mu", 0.3, "normBound", Map.of("maxNorm", 2)));
        StrategyState state = new StrategyState(Map.of("m", new float[100]), Map.of());

        // Execute
        var model = newModel(krum.aggregate(Rounds.round(1), new float[100], round.source, state));

        // Assert
        assertThat(model.excluded().get("c4")).startsWith("norm 500.0 > 2: clipped; krum: not selected");
        assertThat(model.state()).isSameAs(state);
        assertThat(prox.configureClient(Rounds.round(1), "c0"))
                .as("the clip policy asks clients to clip on the device")
                .containsOnly(Map.entry("fedproxMu", 0.3), Map.entry("clipNorm", 2.0));
        Strategy rejecting = Strategies.create("fedprox", Map.of("mu", 0.3, "normBound", Map.of("maxNorm", 2, "policy", "reject")));
        assertThat(rejecting.configureClient(Rounds.round(1), "c0"))
                .as("rejecting needs the unclipped norm, so clients do not clip")
                .containsOnly(Map.entry("fedproxMu", 0.3));
    }

    @Test
    void evaluationResultsAreFoldedByTheWrappedStrategy() {
        // Prepare: a wrapped strategy whose evaluation rule is not the default (the unweighted mean)
        Strategy unweighted = new Strategy() {
            @Override
            public String name() {
                return "unweighted-evaluation";
            }

            @Override
            public Map<String, Object> settings() {
                return Map.of();
            }

            @Override
            public AggregationOutcome aggregate(RoundContext round, float[] global, UpdateSource updates,
                                                StrategyState state) {
                return new FedAvg().aggregate(round, global, updates, state);
            }

            @Override
            public Optional<EvalResult> aggregateEvaluation(RoundContext round, Map<String, EvalResult> results) {
                double loss = results.values().stream().mapToDouble(EvalResult::loss).average().orElseThrow();
                double accuracy = results.values().stream().mapToDouble(EvalResult::accuracy).average().orElseThrow();
                return Optional.of(new EvalResult(results.size(), loss, accuracy));
            }
        };
        Map<String, EvalResult> results = Map.of("a", new EvalResult(90, 0.25, 1.0), "b", new EvalResult(10, 1.25, 0.5));

        // Execute
        Optional<EvalResult> bounded = new NormBound(unweighted, 10, NormBound.Policy.CLIP)
                .aggregateEvaluation(Rounds.round(3), results);

        // Assert: the wrapped strategy's figures, not the default example-weighted mean (100, 0.35, 0.95)
        assertThat(bounded).contains(new EvalResult(2, 0.75, 0.75));
    }

    @Test
    void isSelectedFromAJobsStrategySettingsAndItsSettingsRecreateIt() {
        // Prepare
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("name", "fedavgm");
        request.put("serverMomentum", 0.5);
        request.put("normBound", Map.of("maxNorm", 10, "policy", "reject"));

        // Execute
        Strategy strategy = Strategies.create("fedavgm", request);
        Strategy again = Strategies.create(strategy.name(), strategy.settings());

        // Assert
        assertThat(strategy).isInstanceOf(NormBound.class);
        assertThat(((NormBound) strategy).inner()).isInstanceOf(FedAvgM.class);
        assertThat(strategy.name()).isEqualTo("fedavgm");
        assertThat(strategy.settings()).containsExactly(Map.entry("serverLearningRate", 1.0),
                Map.entry("serverMomentum", 0.5),
                Map.entry("normBound", Map.of("maxNorm", 10.0, "policy", "reject")));
        assertThat(again.settings()).isEqualTo(strategy.settings());
    }

    @Test
    void badNormBoundSettingsNameTheNestedField() {
        // Execute / Assert
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of("normBound", Map.of("policy", "clip"))))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.normBound.maxNorm");
                    assertThat(e.limit()).isEqualTo("a number > 0 (required)");
                });
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of("normBound", Map.of("maxNorm", 0))))
                .isInstanceOfSatisfying(StrategyConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("strategy.normBound.maxNorm"));
        assertThatThrownBy(() -> Strategies.create("fedavg",
                Map.of("normBound", Map.of("maxNorm", 1, "policy", "drop"))))
                .isInstanceOfSatisfying(StrategyConfigException.class, e -> {
                    assertThat(e.field()).isEqualTo("strategy.normBound.policy");
                    assertThat(e.limit()).isEqualTo("one of [clip, reject]");
                });
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of("normBound", Map.of("maxNorm", 1, "clip", 2))))
                .isInstanceOfSatisfying(StrategyConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("strategy.normBound.clip"));
        assertThatThrownBy(() -> Strategies.create("fedavg", Map.of("normBound", 10)))
                .isInstanceOfSatisfying(StrategyConfigException.class,
                        e -> assertThat(e.field()).isEqualTo("strategy.normBound"));
    }

    @Test
    void noNormBoundMeansTheBareStrategy() {
        // Execute
        Strategy strategy = Strategies.create("median", Map.of());

        // Assert
        assertThat(strategy).isInstanceOf(Median.class);
        assertThat(List.of(strategy.settings())).containsExactly(Map.of());
    }
}
