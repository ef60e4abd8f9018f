package org.flotilla.coordinator.aggregation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a global model came from, stored as a JSON artifact with every round: enough to
 * reproduce it from the stored plan, weights and updates.
 *
 * @param jobId                 the job
 * @param round                 the round number
 * @param attempt               the attempt that completed it
 * @param strategy              the strategy's name
 * @param strategySettings      the settings the strategy ran with
 * @param planSha256            the plan
 * @param jobSeed               the job's seed
 * @param roundSeed             the seed handed to the strategy for this round
 * @param previousWeightsSha256 the global weights the round started from
 * @param weightsSha256         the global weights after the round
 * @param newModel              false when the strategy kept the previous model
 * @param outcome               why there is no new model, or null
 * @param participants          clients whose updates contributed
 * @param excluded              clients the strategy left out or altered, with the reason
 * @param updates               client id → update artifact, for every accepted update
 * @param createdAt             when the aggregation finished
 */
public record Provenance(long jobId, int round, int attempt, String strategy, Map<String, Object> strategySettings,
                         String planSha256, long jobSeed, long roundSeed, String previousWeightsSha256,
                         String weightsSha256, boolean newModel, String outcome, List<String> participants,
                         Map<String, String> excluded, Map<String, String> updates, Instant createdAt) {
}
