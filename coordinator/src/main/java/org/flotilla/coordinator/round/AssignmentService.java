package org.flotilla.coordinator.round;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.aggregation.RoundSeeds;
import org.flotilla.coordinator.evaluation.EvaluationAssignments;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.system.ApiException;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.DeclineRequest;
import org.flotilla.model.wire.TaskKind;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Selection and declines: a checking-in client gets its live assignment again, or a slot in the
 * oldest federated evaluation still selecting, or in the oldest round still selecting (at most one
 * assignment per client per round attempt or evaluation), or, after a long-poll without one,
 * "retry later". Slots are taken by a conditional increment of the round's {@code assigned}
 * counter in the same transaction as the participant row, so a round never assigns more than
 * {@code ceil(clientsPerRound × overSelection)} clients, even across replicas.
 */
@Service
class AssignmentService {

    private final RoundRepository rounds;
    private final ParticipantRepository participants;
    private final JobRepository jobs;
    private final EvaluationAssignments evaluations;
    private final RoundService service;
    private final RoundSignals signals;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Duration recheck;

    AssignmentService(RoundRepository rounds, ParticipantRepository participants, JobRepository jobs,
                      EvaluationAssignments evaluations, RoundService service, RoundSignals signals,
                      TransactionTemplate tx, Clock clock, FlotillaProperties properties) {
        this.rounds = rounds;
        this.participants = participants;
        this.jobs = jobs;
        this.evaluations = evaluations;
        this.service = service;
        this.signals = signals;
        this.tx = tx;
        this.clock = clock;
        this.recheck = properties.checkIn().recheckInterval();
    }

    /**
     * Long-poll: an assignment as soon as there is one, or empty after {@code wait}. Holds no
     * database lock while waiting; wakes on an in-process signal or every recheck interval.
     */
    Optional<Assignment> checkIn(String clientId, long examples, Duration wait) {
        Instant end = clock.instant().plus(wait);
        while (true) {
            long seen = signals.version();
            Optional<Assignment> assignment = tryAssign(clientId, examples);
            Duration left = Duration.between(clock.instant(), end);
            if (assignment.isPresent() || left.isNegative() || left.isZero() || signals.isClosing()) {
                return assignment;
            }
            try {
                signals.awaitChange(seen, left.compareTo(recheck) < 0 ? left : recheck);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    Optional<Assignment> tryAssign(String clientId, long examples) {
        Optional<Participant> live = participants.openAssignment(clientId);
        if (live.isPresent()) {
            return assignmentFor(live.get());
        }
        Optional<Assignment> evaluating = evaluations.live(clientId);
        if (evaluating.isPresent()) {
            return evaluating;
        }
        if (examples <= 0) {
            return Optional.empty(); // no data to train or evaluate on
        }
        Optional<Assignment> evaluation = evaluations.tryAssign(clientId);
        if (evaluation.isPresent()) {
            return evaluation;
        }
        for (Round r : rounds.selectableFor(clientId)) {
            Job job = jobs.find(r.jobId()).orElse(null);
            if (job == null || job.state() != JobState.RUNNING) {
                continue;
            }
            RoundContext context = new RoundContext(job.id(), r.roundNo(), r.selectionTarget(),
                    RoundSeeds.of(job.seed(), r.roundNo()));
            Map<String, Double> settings = Strategies.create(job.strategy(), job.strategySettings())
                    .configureClient(context, clientId);
            Instant now = clock.instant();
            boolean assigned;
            try {
                assigned = Boolean.TRUE.equals(tx.execute(s -> {
                    if (!rounds.reserveSlot(r.id())) {
                        return false;
                    }
                    participants.insert(r.id(), clientId, settings, now);
                    return true;
                }));
            } catch (DuplicateKeyException concurrent) {
                // the same client checked in twice at once and the other request got the slot
                return participants.openAssignment(clientId).flatMap(this::assignmentFor);
            }
            if (assigned) {
                service.progress(r.id());
                return Optional.of(assignment(job, r, clientId, settings));
            }
        }
        return Optional.empty();
    }

    private Optional<Assignment> assignmentFor(Participant p) {
        return rounds.find(p.roundId()).flatMap(r -> jobs.find(r.jobId()).map(j -> assignment(j, r, p.clientId(), p.settings())));
    }

    private static Assignment assignment(Job job, Round r, String clientId, Map<String, Double> settings) {
        return new Assignment(job.id(), r.roundNo(), TaskKind.TRAIN, job.planSha256(), r.weightsSha256(), r.deadline(),
                "/api/v1/jobs/" + job.id() + "/rounds/" + r.roundNo() + "/updates/" + clientId, settings);
    }

    /**
     * Records that a client will not complete its assignment — its federated evaluation of the
     * round if it was given one, else its training; repeating a decline is harmless.
     */
    void decline(long jobId, int roundNo, String clientId, DeclineRequest request) {
        if (request == null || request.reason() == null || request.reason().isBlank() || request.reason().length() > 100) {
            throw ApiException.badField("reason", "1 to 100 characters", "a decline needs a reason code of 1 to 100 characters");
        }
        String detail = request.detail() == null ? null
                : request.detail().length() > 1000 ? request.detail().substring(0, 1000) : request.detail();
        if (evaluations.decline(jobId, roundNo, clientId, request.reason().strip(), detail)) {
            return;
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            Participant p = participants.latest(jobId, roundNo, clientId).orElseThrow(() -> notAssigned(jobId, roundNo, clientId));
            Round r = rounds.find(p.roundId()).orElseThrow();
            switch (p.status()) {
                case DECLINED -> {
                    return;
                }
                case REPORTED -> throw new ApiException(HttpStatus.CONFLICT, "already-reported",
                        "client " + clientId + " already uploaded its update for round " + roundNo + "; it cannot decline now");
                case DROPPED, LATE -> throw roundClosed(jobId, roundNo);
                case ASSIGNED -> {
                    if (!r.state().isOpen()) {
                        throw roundClosed(jobId, roundNo);
                    }
                }
            }
            Instant now = clock.instant();
            boolean declined = Boolean.TRUE.equals(tx.execute(s -> {
                if (!rounds.countDecline(r.id())) {
                    return false;
                }
                if (!participants.markDeclined(r.id(), clientId, request.reason().strip(), detail, now)) {
                    s.setRollbackOnly();
                    return false;
                }
                return true;
            }));
            if (declined) {
                service.progress(r.id());
                return;
            }
        }
        throw new ApiException(HttpStatus.CONFLICT, "round-busy", "round " + roundNo + " changed concurrently; try again");
    }

    static ApiException notAssigned(long jobId, int roundNo, String clientId) {
        return new ApiException(HttpStatus.FORBIDDEN, "not-assigned",
                "client " + clientId + " was not assigned round " + roundNo + " of job " + jobId);
    }

    static ApiException roundClosed(long jobId, int roundNo) {
        return new ApiException(HttpStatus.CONFLICT, "round-closed",
                "round " + roundNo + " of job " + jobId + " is closed; late answers are not counted");
    }
}
