package org.flotilla.coordinator.evaluation;

import java.time.Instant;

/**
 * The answer to an accepted evaluation result (201 the first time, 200 for the same result again).
 *
 * @param jobId      the job
 * @param round      the round whose weights were evaluated
 * @param clientId   the client
 * @param examples   held-out examples it evaluated
 * @param loss       its mean loss
 * @param accuracy   its accuracy
 * @param receivedAt when it was first accepted
 */
public record EvaluationReceipt(long jobId, int round, String clientId, long examples, double loss, double accuracy,
                                Instant receivedAt) {
}
