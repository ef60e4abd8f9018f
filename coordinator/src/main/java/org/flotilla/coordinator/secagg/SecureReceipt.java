package org.flotilla.coordinator.secagg;

import java.time.Instant;

/**
 * The answer to an accepted protocol message of a secure round.
 *
 * @param jobId      the job
 * @param round      the round
 * @param attempt    the attempt of that round
 * @param task       the phase's task ({@code SECAGG_KEYS} … {@code SECAGG_UNMASK})
 * @param clientId   the client
 * @param sizeBytes  the message's size
 * @param receivedAt when it was first accepted
 */
public record SecureReceipt(long jobId, int round, int attempt, String task, String clientId, long sizeBytes,
                            Instant receivedAt) {
}
