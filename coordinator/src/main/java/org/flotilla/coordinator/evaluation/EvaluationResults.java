package org.flotilla.coordinator.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.flotilla.coordinator.round.ParticipantStatus;
import org.flotilla.coordinator.system.ApiException;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.coordinator.update.Rejection;
import org.flotilla.model.wire.EvalResult;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Receiving evaluation results. In order: the caller must have been assigned the evaluation (403),
 * the body a sane {@link EvalResult} (400); a result already accepted from this client answers 200
 * when it is the same and 409 when it differs; a declined assignment 409, a closed evaluation 409.
 * An accepted result is recorded — counter and participant row — in one transaction that locks the
 * evaluation row first, before the client hears 201. Every refusal is problem+json with a
 * {@code reason}, listed in the round detail and counted.
 */
@Service
class EvaluationResults {

    private final EvaluationRepository evaluations;
    private final EvaluationParticipantRepository participants;
    private final EvaluationService service;
    private final FlotillaMetrics metrics;
    private final TransactionTemplate tx;
    private final Clock clock;

    EvaluationResults(EvaluationRepository evaluations, EvaluationParticipantRepository participants,
                      EvaluationService service, FlotillaMetrics metrics, TransactionTemplate tx, Clock clock) {
        this.evaluations = evaluations;
        this.participants = participants;
        this.service = service;
        this.metrics = metrics;
        this.tx = tx;
        this.clock = clock;
    }

    /** The result of a report that was not refused. */
    record Accepted(EvaluationReceipt receipt, boolean created) {
    }

    Accepted receive(long jobId, int roundNo, String clientId, String body) {
        EvaluationParticipant p = participants.find(jobId, roundNo, clientId).orElseThrow(() -> refuse(jobId, roundNo,
                clientId, HttpStatus.FORBIDDEN, "NOT_ASSIGNED", "not-assigned",
                "client " + clientId + " was not assigned the evaluation of round " + roundNo + " of job " + jobId));
        EvalResult result;
        try {
            result = ResultCheck.parse(body);
        } catch (ApiException e) {
            throw record(jobId, roundNo, clientId, e);
        }
        FederatedEvaluation e = evaluations.find(p.evaluationId()).orElseThrow();
        if (p.status() == ParticipantStatus.REPORTED) {
            return sameOrConflict(e, p, result);
        }
        if (p.status() == ParticipantStatus.DECLINED) {
            throw refuse(jobId, roundNo, clientId, HttpStatus.CONFLICT, "DECLINED", "declined",
                    "client " + clientId + " declined the evaluation of round " + roundNo + "; a result is no longer accepted");
        }
        if (p.status() != ParticipantStatus.ASSIGNED || !e.state().isOpen()) {
            throw late(e, clientId);
        }
        Instant now = clock.instant();
        boolean recorded = Boolean.TRUE.equals(tx.execute(s -> {
            if (!evaluations.countReport(e.id())) {
                return false;
            }
            if (!participants.markReported(e.id(), clientId, result, now)) {
                s.setRollbackOnly();
                return false;
            }
            return true;
        }));
        if (recorded) {
            metrics.evaluationResultAccepted();
            service.progress(e.id());
            return new Accepted(receipt(e, clientId, result, now), true);
        }
        // Closed meanwhile, or a concurrent report of the same client won: decide from what is stored.
        EvaluationParticipant stored = participants.find(jobId, roundNo, clientId).orElseThrow();
        if (stored.status() == ParticipantStatus.REPORTED) {
            return sameOrConflict(e, stored, result);
        }
        throw late(e, clientId);
    }

    private Accepted sameOrConflict(FederatedEvaluation e, EvaluationParticipant stored, EvalResult result) {
        EvalResult before = stored.result();
        if (before.examples() == result.examples() && Double.compare(before.loss(), result.loss()) == 0
                && Double.compare(before.accuracy(), result.accuracy()) == 0) {
            return new Accepted(receipt(e, stored.clientId(), before, stored.answeredAt()), false);
        }
        throw refuse(e.jobId(), e.roundNo(), stored.clientId(), HttpStatus.CONFLICT, "CONFLICT", "result-conflict",
                "a different result (" + before.examples() + " examples, loss " + before.loss() + ", accuracy "
                        + before.accuracy() + ") was already accepted from " + stored.clientId()
                        + " for the evaluation of round " + e.roundNo() + "; an accepted result cannot be replaced");
    }

    private ApiException late(FederatedEvaluation e, String clientId) {
        Instant now = clock.instant();
        participants.mark(e.id(), clientId, ParticipantStatus.DROPPED, ParticipantStatus.LATE, now);
        participants.mark(e.id(), clientId, ParticipantStatus.ASSIGNED, ParticipantStatus.LATE, now);
        return refuse(e.jobId(), e.roundNo(), clientId, HttpStatus.CONFLICT, "ROUND_CLOSED", "round-closed",
                "the evaluation of round " + e.roundNo() + " of job " + e.jobId() + " is closed ("
                        + evaluations.find(e.id()).map(FederatedEvaluation::state).orElse(e.state())
                        + "); the result arrived too late to count");
    }

    private static EvaluationReceipt receipt(FederatedEvaluation e, String clientId, EvalResult r, Instant at) {
        return new EvaluationReceipt(e.jobId(), e.roundNo(), clientId, r.examples(), r.loss(), r.accuracy(), at);
    }

    private ApiException refuse(long jobId, int roundNo, String clientId, HttpStatus status, String reason, String type,
                                String detail) {
        return record(jobId, roundNo, clientId, new ApiException(status, type, detail, null, null, Map.of("reason", reason)));
    }

    /** Records a refusal for the round detail and the metrics, and returns it for throwing. */
    private ApiException record(long jobId, int roundNo, String clientId, ApiException e) {
        String reason = String.valueOf(e.properties().getOrDefault("reason", e.type()));
        metrics.evaluationResultRejected(reason);
        participants.insertRejection(jobId, roundNo,
                new Rejection(clientId, e.status().value(), reason, e.getMessage(), clock.instant()));
        return e;
    }
}
