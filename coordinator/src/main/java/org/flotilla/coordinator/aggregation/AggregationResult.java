package org.flotilla.coordinator.aggregation;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an aggregation produced, ready to be committed with the round.
 *
 * @param newModel            whether the strategy produced new global weights
 * @param outcome             why there is no new model, or null
 * @param weightsSha256       the global weights after the round (new, or the unchanged previous ones)
 * @param strategyStateSha256 the strategy state to carry on, or null
 * @param provenanceSha256    the provenance record of this round
 * @param participants        clients whose updates contributed
 * @param excluded            clients left out or altered by the strategy, with the reason
 * @param train               example-weighted means of the clients' training metrics
 * @param test                server-side evaluation of the resulting model, or null (it is recorded
 *                            later, by {@code round.RoundEvaluations})
 * @param aggregationTime     time spent in the strategy and storing its output
 * @param evaluationTime      zero when no server-side evaluation is due; null when the new model's
 *                            evaluation is due (it runs after the round's commit)
 */
public record AggregationResult(boolean newModel, String outcome, String weightsSha256, String strategyStateSha256,
                                String provenanceSha256, List<String> participants, Map<String, String> excluded,
                                TrainSummary train, TestSummary test, Duration aggregationTime, Duration evaluationTime) {

    /** Example-weighted means of what the clients reported. */
    public record TrainSummary(long examples, Double loss, Double accuracy) {
    }

    /** Server-side figures of the resulting global model. */
    public record TestSummary(long examples, double loss, double accuracy) {
    }
}
