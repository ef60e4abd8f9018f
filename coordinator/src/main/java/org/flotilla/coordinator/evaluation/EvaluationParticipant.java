package org.flotilla.coordinator.evaluation;

import java.time.Instant;

import org.flotilla.coordinator.round.ParticipantStatus;
import org.flotilla.model.wire.EvalResult;

/**
 * A client's part in one federated evaluation. The statuses mean what they mean for training:
 * ASSIGNED, REPORTED (its result was accepted), DECLINED, DROPPED (the evaluation closed without
 * it), LATE (it reported after the close).
 *
 * @param evaluationId  the evaluation
 * @param clientId      the client
 * @param status        what became of the assignment
 * @param assignedAt    when it was assigned
 * @param answeredAt    when it reported, declined or answered late
 * @param declineReason its decline code, or null
 * @param declineDetail its decline sentence, or null
 * @param result        what it reported, or null
 */
public record EvaluationParticipant(long evaluationId, String clientId, ParticipantStatus status, Instant assignedAt,
                                    Instant answeredAt, String declineReason, String declineDetail, EvalResult result) {
}
