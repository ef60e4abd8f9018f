package org.flotilla.coordinator.aggregation;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where a global model came from, stored as a JSON artifact with every round (in the spirit of
 * Tribuo's {@code ModelProvenance}): enough to recompute the round from stored artifacts alone —
 * the strategy and its settings, the weights and strategy state it started from, every contributing
 * update with its example count, the seeds, and the software that ran it. Records written before
 * these were complete (by an older coordinator) read with the newer fields null.
 *
 * @param jobId                  the job
 * @param round                  the round number
 * @param attempt                the attempt that completed it
 * @param strategy               the strategy's name
 * @param strategySettings       the settings the strategy ran with
 * @param planSha256             the plan
 * @param parameterCount         the model's parameter count
 * @param jobSeed                the job's seed
 * @param roundSeed              the seed handed to the strategy for this round
 * @param selected               clients assigned in the attempt (the strategy's {@code RoundContext.selected})
 * @param previousWeightsSha256  the global weights the round started from
 * @param weightsSha256          the global weights after the round
 * @param strategyStateBefore    the strategy state it started from (a manifest artifact), or null
 * @param strategyStateAfter     the strategy state it left, or null
 * @param newModel               false when the strategy kept the previous model
 * @param outcome                why there is no new model, or null
 * @param participants           clients whose updates contributed
 * @param excluded               clients the strategy left out or altered, with the reason
 * @param updates                client id → update artifact, for every accepted update
 * @param contributions          every accepted update in the order the strategy saw them (by client id)
 * @param softwareVersion        the coordinator's version
 * @param createdAt              when the aggregation finished
 */
public record Provenance(long jobId, int round, int attempt, String strategy, Map<String, Object> strategySettings,
                         String planSha256, Long parameterCount, long jobSeed, long roundSeed, Integer selected,
                         String previousWeightsSha256, String weightsSha256, String strategyStateBefore,
                         String strategyStateAfter, boolean newModel, String outcome, List<String> participants,
                         Map<String, String> excluded, Map<String, String> updates, List<Contribution> contributions,
                         String softwareVersion, Instant createdAt) {

    /**
     * One accepted update as the strategy received it.
     *
     * @param clientId the client
     * @param sha256   the update artifact (WeightsCodec bytes of the delta)
     * @param examples its example count (the FedAvg weight)
     */
    public record Contribution(String clientId, String sha256, long examples) {
    }
}
