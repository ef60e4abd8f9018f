package org.flotilla.coordinator.round;

import java.time.Instant;

/**
 * The answer to an accepted upload (201 the first time, 200 for the same bytes again).
 *
 * @param jobId      the job
 * @param round      the round
 * @param attempt    the round attempt it counts for
 * @param clientId   the client
 * @param sha256     SHA-256 of the uploaded bytes
 * @param sizeBytes  their length
 * @param examples   the example count it carries
 * @param receivedAt when it was first accepted
 */
public record UpdateReceipt(long jobId, int round, int attempt, String clientId, String sha256, long sizeBytes,
                            long examples, Instant receivedAt) {

    static UpdateReceipt of(UpdateRecord u) {
        return new UpdateReceipt(u.jobId(), u.roundNo(), u.attempt(), u.clientId(), u.sha256(), u.sizeBytes(),
                u.examples(), u.receivedAt());
    }
}
