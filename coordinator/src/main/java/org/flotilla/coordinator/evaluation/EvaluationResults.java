package org.flotilla.coordinator.evaluation;

import java.time.Clock;
import java.time.Instant;

import org.flotilla.coordinator.cohort.Answers;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.cohort.ParticipantRepository;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.cohort.Refusals;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.model.wire.EvalResult;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Receiving evaluation results. In order: the caller must have been assigned the evaluation
 * ({@code NOT_ASSIGNED}), the body a sane {@link EvalResult} ({@code BAD_RESULT}); a result already
 * accepted from this client answers 200 when it is the same and {@code CONFLICT} when it differs; a
 * declined assignment {@code DECLINED}, a closed or full evaluation {@code ROUND_CLOSED}. An accepted
 * result is counted with its row in one transaction ({@link Answers#count}) before the client hears
 * 201. Every refusal is recorded (round detail, metrics) as one explicit step before it is thrown.
 */
@Service
class EvaluationResults {

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final EvaluationResultRepository results;
    private final Answers answers;
    private final Refusals refusals;
    private final FlotillaMetrics metrics;
    private final Clock clock;

    EvaluationResults(CohortRepository cohorts, ParticipantRepository participants, EvaluationResultRepository results,
                      Answers answers, Refusals refusals, FlotillaMetrics metrics, Clock clock) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.results = results;
        this.answers = answers;
        this.refusals = refusals;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The result of a report that was not refused. */
    record Accepted(EvaluationReceipt receipt, boolean created) {
    }

    Accepted receive(long jobId, int roundNo, String clientId, String body) {
        try {
            return accept(jobId, roundNo, clientId, body);
        } catch (Refused r) {
            refusals.record(jobId, roundNo, EvaluationWork.KIND, clientId, r);
            metrics.evaluationResultRejected(r.reason().name());
            throw r;
        }
    }

    private Accepted accept(long jobId, int roundNo, String clientId, String body) {
        Participant p = participants.latest(jobId, EvaluationWork.KIND, roundNo, clientId).orElseThrow(() -> new Refused(
                RefusalReason.NOT_ASSIGNED, false, "client " + clientId + " was not assigned the evaluation of round "
                + roundNo + " of job " + jobId));
        EvalResult result = ResultCheck.parse(body);
        Cohort e = cohorts.find(p.cohortId()).orElseThrow();
        if (p.status() == ParticipantStatus.REPORTED) {
            return sameOrConflict(e, p, result);
        }
        if (p.status() == ParticipantStatus.DECLINED) {
            throw new Refused(RefusalReason.DECLINED, false, "client " + clientId + " declined the evaluation of round "
                    + roundNo + "; a result is no longer accepted");
        }
        if (p.status() != ParticipantStatus.ASSIGNED || !answers.acceptsAnswers(e)) {
            throw late(e, clientId);
        }
        Instant now = clock.instant();
        boolean counted;
        try {
            counted = answers.count(e, clientId, now, () -> results.insert(e.id(), clientId, result));
        } catch (DuplicateKeyException concurrent) {
            counted = false;
        }
        if (counted) {
            metrics.evaluationResultAccepted();
            return new Accepted(receipt(e, clientId, result, now), true);
        }
        // Closed or full meanwhile, or a concurrent report of the same client won: decide from what is stored.
        Participant stored = participants.find(e.id(), clientId).orElseThrow();
        if (stored.status() == ParticipantStatus.REPORTED) {
            return sameOrConflict(e, stored, result);
        }
        throw late(e, clientId);
    }

    private Accepted sameOrConflict(Cohort e, Participant stored, EvalResult result) {
        EvalResult before = results.result(e.id(), stored.clientId()).orElseThrow();
        if (before.examples() == result.examples() && Double.compare(before.loss(), result.loss()) == 0
                && Double.compare(before.accuracy(), result.accuracy()) == 0) {
            return new Accepted(receipt(e, stored.clientId(), before, stored.answeredAt()), false);
        }
        throw new Refused(RefusalReason.CONFLICT, false, "a different result (" + before.examples() + " examples, loss "
                + before.loss() + ", accuracy " + before.accuracy() + ") was already accepted from " + stored.clientId()
                + " for the evaluation of round " + e.roundNo() + "; an accepted result cannot be replaced");
    }

    private Refused late(Cohort e, String clientId) {
        answers.late(e, clientId);
        Cohort now = cohorts.find(e.id()).orElse(e);
        return new Refused(RefusalReason.ROUND_CLOSED, false, "the evaluation of round " + e.roundNo() + " of job "
                + e.jobId() + (now.state().isOpen() ? " has all " + now.wanted() + " result(s) it asked for"
                : " is closed (" + EvaluationWork.stateName(now.state()) + ")") + "; the result arrived too late to count");
    }

    private static EvaluationReceipt receipt(Cohort e, String clientId, EvalResult r, Instant at) {
        return new EvaluationReceipt(e.jobId(), e.roundNo(), clientId, r.examples(), r.loss(), r.accuracy(), at);
    }
}
