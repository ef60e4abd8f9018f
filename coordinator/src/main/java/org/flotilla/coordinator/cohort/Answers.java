package org.flotilla.coordinator.cohort;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;

import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.protocol.DeclineReason;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.model.wire.DeclineRequest;

import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A participant's answer, for every kind: counting it — the exact target, the participant's status
 * and the kind's own row change together in one transaction that locks the cohort row first;
 * answers after the target or the close are marked LATE and not counted — or its decline with a
 * protocol {@link DeclineReason}. A decline concerns the client's part in the most recently opened
 * cohort of the round it names (an evaluation opens only after its round's training completed, so
 * the two are never both live); repeating a decline is harmless.
 */
@Service
public class Answers {

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final CohortService service;
    private final TransactionTemplate tx;
    private final Clock clock;

    Answers(CohortRepository cohorts, ParticipantRepository participants, CohortService service, TransactionTemplate tx,
            Clock clock) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.service = service;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Counts the answer of an ASSIGNED participant if the cohort is open and below its target,
     * running {@code store} (the kind's row) in the same transaction, then lets the cohort progress.
     *
     * @return false when it was not counted: the cohort closed or reached its target, or the
     *         participant is no longer ASSIGNED (a concurrent answer of the same client won)
     */
    public boolean count(Cohort c, String clientId, Instant at, Runnable store) {
        boolean counted = Boolean.TRUE.equals(tx.execute(s -> {
            if (!cohorts.countReport(c.id())) {
                return false;
            }
            if (!participants.mark(c.id(), clientId, ParticipantStatus.ASSIGNED, ParticipantStatus.REPORTED, at)) {
                s.setRollbackOnly();
                return false;
            }
            store.run();
            return true;
        }));
        if (counted) {
            service.progress(c.id());
        }
        return counted;
    }

    /** Marks a participant that answered too late (after the close or the target) LATE. */
    public void late(Cohort c, String clientId) {
        participants.markLate(c.id(), clientId, clock.instant());
    }

    /** Whether an answer could still count now: the cohort is open and below its target. */
    public boolean acceptsAnswers(Cohort c) {
        return c.state().isOpen() && c.reported() < c.wanted();
    }

    /**
     * Records the decline.
     *
     * @throws Refused {@code BAD_DECLINE} for an unknown reason, {@code NOT_ASSIGNED},
     *                 {@code ALREADY_REPORTED}, {@code ROUND_CLOSED} or {@code BUSY}
     */
    /**
     * Drops every open assignment of a revoked client: each becomes DROPPED (with
     * {@code detail} in the round detail) and counts like a decline, so its cohort can go on
     * without it — select another client or close at its quorum.
     *
     * @return how many assignments were dropped
     */
    public int dropClient(String clientId, String detail) {
        int dropped = 0;
        for (Participant p : participants.openAssignments(clientId)) {
            Instant now = clock.instant();
            boolean done = Boolean.TRUE.equals(tx.execute(s -> {
                if (!cohorts.countDecline(p.cohortId())) {
                    return false;
                }
                if (!participants.markDropped(p.cohortId(), clientId, detail, now)) {
                    s.setRollbackOnly();
                    return false;
                }
                return true;
            }));
            if (done) {
                dropped++;
                service.progress(p.cohortId());
            }
        }
        return dropped;
    }

    public void decline(long jobId, int roundNo, String clientId, DeclineRequest request) {
        String code = request == null || request.reason() == null ? null : request.reason().strip();
        DeclineReason reason = DeclineReason.of(code).orElseThrow(() -> new Refused(RefusalReason.BAD_DECLINE, true,
                "a decline needs one of the protocol's reason codes, was " + code, "reason",
                "one of " + Arrays.toString(DeclineReason.values())));
        String detail = request.detail() == null ? null
                : request.detail().length() > 1000 ? request.detail().substring(0, 1000) : request.detail();
        for (int attempt = 0; attempt < 3; attempt++) {
            Participant p = participants.latestOfRound(jobId, roundNo, clientId).orElseThrow(() -> new Refused(
                    RefusalReason.NOT_ASSIGNED, true, "client " + clientId + " was not assigned round " + roundNo
                    + " of job " + jobId));
            Cohort c = cohorts.find(p.cohortId()).orElseThrow();
            switch (p.status()) {
                case DECLINED -> {
                    return;
                }
                case REPORTED -> throw new Refused(RefusalReason.ALREADY_REPORTED, true, "client " + clientId
                        + " already answered its " + c.kind() + " assignment of round " + roundNo + "; it cannot decline now");
                case DROPPED, LATE -> throw closed(c);
                case ASSIGNED -> {
                    if (!c.state().isOpen()) {
                        throw closed(c);
                    }
                }
            }
            Instant now = clock.instant();
            boolean declined = Boolean.TRUE.equals(tx.execute(s -> {
                if (!cohorts.countDecline(c.id())) {
                    return false;
                }
                if (!participants.markDeclined(c.id(), clientId, reason.name(), detail, now)) {
                    s.setRollbackOnly();
                    return false;
                }
                return true;
            }));
            if (declined) {
                service.progress(c.id());
                return;
            }
        }
        throw new Refused(RefusalReason.BUSY, true, "round " + roundNo + " changed concurrently; try again");
    }

    private static Refused closed(Cohort c) {
        return new Refused(RefusalReason.ROUND_CLOSED, true, "the " + c.kind() + " cohort of round " + c.roundNo()
                + " of job " + c.jobId() + " is closed; late answers are not counted");
    }
}
