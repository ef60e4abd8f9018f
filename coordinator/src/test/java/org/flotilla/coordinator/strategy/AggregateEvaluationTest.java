package org.flotilla.coordinator.strategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.model.wire.EvalResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The default {@link Strategy#aggregateEvaluation}: the example-weighted mean of the clients' results. */
class AggregateEvaluationTest {

    private static final RoundContext ROUND = new RoundContext(1, 4, 3, 99);

    @Test
    void theFiguresAreTheExampleWeightedMeansAndTheExamplesTheirSum() {
        // Prepare
        Map<String, EvalResult> results = new LinkedHashMap<>();
        results.put("c", new EvalResult(25, 0.9, 0.6));
        results.put("a", new EvalResult(40, 0.3, 0.95));
        results.put("b", new EvalResult(70, 0.5, 0.8));

        // Execute
        Optional<EvalResult> aggregate = Strategies.create("fedavg", Map.of()).aggregateEvaluation(ROUND, results);

        // Assert: against the plain formula
        double loss = (25 * 0.9 + 40 * 0.3 + 70 * 0.5) / 135;
        double accuracy = (25 * 0.6 + 40 * 0.95 + 70 * 0.8) / 135;
        assertThat(aggregate).hasValueSatisfying(r -> {
            assertThat(r.examples()).isEqualTo(135);
            assertThat(r.loss()).isCloseTo(loss, within(1e-15));
            assertThat(r.accuracy()).isCloseTo(accuracy, within(1e-15));
        });
    }

    @Test
    void resultsWithoutExamplesWeighNothingAndWithNoExampleAtAllThereIsNoFigure() {
        Strategy fedavg = Strategies.create("fedavg", Map.of());
        Map<String, EvalResult> withEmpty = Map.of("a", new EvalResult(10, 0.2, 0.9), "b", new EvalResult(0, 0, 0));
        assertThat(fedavg.aggregateEvaluation(ROUND, withEmpty)).contains(new EvalResult(10, 0.2, 0.9));
        assertThat(fedavg.aggregateEvaluation(ROUND, Map.of("b", new EvalResult(0, 0, 0)))).isEmpty();
        assertThat(fedavg.aggregateEvaluation(ROUND, Map.of())).isEmpty();
    }

    @Test
    void everyStrategyFoldsEvaluationsTheSameWayIncludingDecoratedOnes() {
        Map<String, EvalResult> results = Map.of("a", new EvalResult(30, 0.4, 0.7), "b", new EvalResult(10, 0.8, 0.5));
        Optional<EvalResult> expected = Strategies.create("fedavg", Map.of()).aggregateEvaluation(ROUND, results);
        for (Strategy s : List.of(Strategies.create("krum", Map.of()), Strategies.create("fedadam", Map.of()),
                Strategies.create("median", Map.of("normBound", Map.of("maxNorm", 1.0))))) {
            assertThat(s.aggregateEvaluation(ROUND, results)).as(s.name()).isEqualTo(expected);
        }
    }
}
