package org.flotilla.coordinator.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.system.ApiException;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.TaskKind;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The check-in side of federated evaluation: a client's live EVALUATE assignment, a slot in the
 * oldest evaluation still selecting (slots taken by a conditional increment in the same
 * transaction as the participant row, as for rounds), and declines. The check-in controller asks
 * here before it looks for training rounds: evaluations are short and hold their job up.
 */
@Service
public class EvaluationAssignments {

    private final EvaluationRepository evaluations;
    private final EvaluationParticipantRepository participants;
    private final JobRepository jobs;
    private final EvaluationService service;
    private final TransactionTemplate tx;
    private final Clock clock;

    EvaluationAssignments(EvaluationRepository evaluations, EvaluationParticipantRepository participants, JobRepository jobs,
                          EvaluationService service, TransactionTemplate tx, Clock clock) {
        this.evaluations = evaluations;
        this.participants = participants;
        this.jobs = jobs;
        this.service = service;
        this.tx = tx;
        this.clock = clock;
    }

    /** The EVALUATE assignment the client holds in an open evaluation, again. */
    public Optional<Assignment> live(String clientId) {
        return participants.openAssignment(clientId).flatMap(p -> evaluations.find(p.evaluationId()))
                .flatMap(e -> jobs.find(e.jobId()).map(j -> assignment(j, e, clientId)));
    }

    /** A slot in the oldest evaluation of a running job that is still selecting, if any. */
    public Optional<Assignment> tryAssign(String clientId) {
        for (FederatedEvaluation e : evaluations.selectableFor(clientId)) {
            Job job = jobs.find(e.jobId()).orElse(null);
            if (job == null || job.state() != JobState.RUNNING) {
                continue;
            }
            Instant now = clock.instant();
            boolean assigned;
            try {
                assigned = Boolean.TRUE.equals(tx.execute(s -> {
                    if (!evaluations.reserveSlot(e.id())) {
                        return false;
                    }
                    participants.insert(e.id(), clientId, now);
                    return true;
                }));
            } catch (DuplicateKeyException concurrent) {
                return live(clientId); // the same client checked in twice at once and the other request got the slot
            }
            if (assigned) {
                service.progress(e.id());
                return Optional.of(assignment(job, e, clientId));
            }
        }
        return Optional.empty();
    }

    private static Assignment assignment(Job job, FederatedEvaluation e, String clientId) {
        return new Assignment(job.id(), e.roundNo(), TaskKind.EVALUATE, job.planSha256(), e.weightsSha256(), e.deadline(),
                resultPath(job.id(), e.roundNo(), clientId), Map.of());
    }

    /** Where a client posts its {@code EvalResult}. */
    static String resultPath(long jobId, int roundNo, String clientId) {
        return "/api/v1/jobs/" + jobId + "/rounds/" + roundNo + "/evaluations/" + clientId;
    }

    /**
     * Declines the client's evaluation of a round if it was assigned one, and answers false when
     * it was not (the decline is then about training: an evaluation opens only after its round
     * completed, so the two cannot both be live). Repeating a decline is harmless.
     */
    public boolean decline(long jobId, int roundNo, String clientId, String reason, String detail) {
        for (int attempt = 0; attempt < 3; attempt++) {
            Optional<EvaluationParticipant> found = participants.find(jobId, roundNo, clientId);
            if (found.isEmpty()) {
                return false;
            }
            EvaluationParticipant p = found.get();
            FederatedEvaluation e = evaluations.find(p.evaluationId()).orElseThrow();
            switch (p.status()) {
                case DECLINED -> {
                    return true;
                }
                case REPORTED -> throw new ApiException(HttpStatus.CONFLICT, "already-reported", "client " + clientId
                        + " already reported its evaluation of round " + roundNo + "; it cannot decline now");
                case DROPPED, LATE -> throw closed(jobId, roundNo);
                case ASSIGNED -> {
                    if (!e.state().isOpen()) {
                        throw closed(jobId, roundNo);
                    }
                }
            }
            Instant now = clock.instant();
            boolean declined = Boolean.TRUE.equals(tx.execute(s -> {
                if (!evaluations.countDecline(e.id())) {
                    return false;
                }
                if (!participants.markDeclined(e.id(), clientId, reason, detail, now)) {
                    s.setRollbackOnly();
                    return false;
                }
                return true;
            }));
            if (declined) {
                service.progress(e.id());
                return true;
            }
        }
        throw new ApiException(HttpStatus.CONFLICT, "round-busy", "the evaluation of round " + roundNo + " changed concurrently; try again");
    }

    static ApiException closed(long jobId, int roundNo) {
        return new ApiException(HttpStatus.CONFLICT, "round-closed",
                "the evaluation of round " + roundNo + " of job " + jobId + " is closed; late answers are not counted");
    }
}
