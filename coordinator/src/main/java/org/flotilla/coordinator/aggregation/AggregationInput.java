package org.flotilla.coordinator.aggregation;

import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.testset.EvaluationSpec;

/**
 * Everything an aggregation reads, all of it durable: the job's plan and strategy, the round's
 * global weights and strategy state, and the accepted updates (sorted by client id).
 *
 * @param jobId               the job
 * @param round               the round number
 * @param attempt             the attempt of that round
 * @param selected            clients assigned in this attempt
 * @param jobSeed             the job's seed
 * @param planSha256          the plan artifact
 * @param parameterCount      the model's parameter count
 * @param strategyName        the registered strategy name
 * @param strategySettings    its settings as the job gave them
 * @param weightsSha256       the global weights the round trained from
 * @param strategyStateSha256 the strategy state carried into the round, or null
 * @param evaluation          the server-side evaluation set, or null
 * @param updates             the accepted updates
 */
public record AggregationInput(long jobId, int round, int attempt, int selected, long jobSeed, String planSha256,
                               long parameterCount, String strategyName, Map<String, Object> strategySettings,
                               String weightsSha256, String strategyStateSha256, EvaluationSpec evaluation,
                               List<StoredUpdate> updates) {

    public AggregationInput {
        strategySettings = strategySettings == null ? Map.of() : Map.copyOf(strategySettings);
        updates = List.copyOf(updates);
    }
}
