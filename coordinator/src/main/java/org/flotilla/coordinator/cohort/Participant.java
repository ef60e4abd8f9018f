package org.flotilla.coordinator.cohort;

import java.time.Instant;
import java.util.Map;

/**
 * A client's part in one cohort.
 *
 * @param cohortId      the cohort
 * @param clientId      the client
 * @param status        what became of the assignment
 * @param settings      the per-client settings the kind chose (empty for most kinds)
 * @param assignedAt    when it was assigned
 * @param answeredAt    when it reported, declined or answered late
 * @param declineReason its decline code, or null
 * @param declineDetail its decline sentence, or null
 */
public record Participant(long cohortId, String clientId, ParticipantStatus status, Map<String, Double> settings,
                          Instant assignedAt, Instant answeredAt, String declineReason, String declineDetail) {
}
