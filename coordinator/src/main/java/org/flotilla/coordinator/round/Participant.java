package org.flotilla.coordinator.round;

import java.time.Instant;
import java.util.Map;

/**
 * A client's part in one round attempt.
 *
 * @param roundId       the attempt
 * @param clientId      the client
 * @param status        what became of the assignment
 * @param settings      the per-client settings the strategy chose
 * @param assignedAt    when it was assigned
 * @param answeredAt    when it reported, declined or uploaded late
 * @param declineReason its decline code, or null
 * @param declineDetail its decline sentence, or null
 */
public record Participant(long roundId, String clientId, ParticipantStatus status, Map<String, Double> settings,
                          Instant assignedAt, Instant answeredAt, String declineReason, String declineDetail) {
}
