package org.flotilla.coordinator.job;

import java.time.Instant;
import java.util.Map;

import org.flotilla.coordinator.testset.EvaluationSpec;

/**
 * A job as stored and as the API shows it.
 *
 * @param id                     the job's id
 * @param name                   the operator's label
 * @param state                  where it is in its life
 * @param reason                 why it is in its state: the failure, the cancellation, or an early
 *                               stop (target accuracy reached); null while running normally
 * @param planSha256             the training plan artifact
 * @param architecture           {@code logreg}, {@code mlp}, {@code cnn} or {@code custom}
 * @param parameterCount         the model's number of parameters
 * @param initialWeightsSha256   the weights before round 1 (deterministic from the plan's seed)
 * @param globalWeightsSha256    the latest global weights
 * @param strategyStateSha256    the strategy state carried into the next round, or null
 * @param strategy               the strategy's registered name
 * @param strategySettings       its settings, as requested
 * @param seed                   the job's seed (initial weights, round seeds)
 * @param rounds                 number of rounds to run
 * @param policy                 selection, quorum, timeouts and retries
 * @param targetAccuracy         stop early once server-side test accuracy reaches this, or null
 * @param evaluation             the server-side evaluation set, or null
 * @param federatedEvaluation    when and with how many clients the model is evaluated on their
 *                               held-out data, or null for never
 * @param completedRounds        rounds completed so far
 * @param latestTestAccuracy     server-side test accuracy after the latest round that had one, or null
 * @param latestFederatedAccuracy example-weighted client accuracy of the latest completed federated
 *                               evaluation, or null
 * @param requestSha256          the job request as submitted
 * @param createdAt              when it was created
 * @param startedAt              when its first round opened
 * @param finishedAt             when it reached a terminal state
 * @param differentialPrivacy    its differential privacy as resolved at creation, or null for none
 * @param privacy                what it has spent so far: the figures of its latest accounted round
 *                               attempt (ε, δ, z, q, C…), or null before the first or without DP
 * @param bundle                 the code bundle it trains with, or null for the built-in loop
 * @param maxExamplesPerClient   the most examples one update may claim in this job (its request's
 *                               cap), or null for the coordinator's {@code flotilla.limits.examples-per-client} only
 * @param planSignature          the publisher signature of its plan, or null for an unsigned plan
 */
public record Job(long id, String name, JobState state, String reason, String planSha256, String architecture,
                  long parameterCount, String initialWeightsSha256, String globalWeightsSha256,
                  String strategyStateSha256, String strategy, Map<String, Object> strategySettings, long seed,
                  int rounds, RoundPolicy policy, Double targetAccuracy, EvaluationSpec evaluation,
                  FederatedEvaluationPolicy federatedEvaluation, int completedRounds, Double latestTestAccuracy,
                  Double latestFederatedAccuracy, String requestSha256, Instant createdAt, Instant startedAt,
                  Instant finishedAt, DifferentialPrivacy differentialPrivacy, PrivacyFigures privacy,
                  JobBundle bundle, Long maxExamplesPerClient, PlanSignature planSignature) {
}
