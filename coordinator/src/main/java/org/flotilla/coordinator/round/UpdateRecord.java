package org.flotilla.coordinator.round;

import java.time.Instant;

import org.flotilla.model.wire.UpdateMetrics;

/**
 * An accepted update, keyed by (job, round, attempt, client).
 *
 * @param jobId      the job
 * @param roundNo    the round
 * @param attempt    the attempt of the round
 * @param clientId   the client
 * @param cohortId   the training cohort (round attempt)
 * @param sha256     the update artifact
 * @param sizeBytes  its encoded size
 * @param examples   its training examples
 * @param metrics    what the client reported
 * @param receivedAt when it was accepted
 */
public record UpdateRecord(long jobId, int roundNo, int attempt, String clientId, long cohortId, String sha256,
                           long sizeBytes, long examples, UpdateMetrics metrics, Instant receivedAt) {
}
