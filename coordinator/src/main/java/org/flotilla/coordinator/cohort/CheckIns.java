package org.flotilla.coordinator.cohort;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.model.wire.Assignment;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Selection at check-in, for every kind: a checking-in client gets its live assignment again, or a
 * slot in the first cohort still selecting that its kind and selection policy let it join (kinds
 * by priority, then oldest first; at most one assignment per client per cohort), or, after a
 * long-poll without one ({@link LongPolls}), nothing. Slots are taken by a conditional increment of the cohort's
 * {@code assigned} counter in the same transaction as the participant row, so a cohort never
 * assigns more than its selection target, even across replicas.
 */
@Service
public class CheckIns {

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final CohortWorks works;
    private final CohortService service;
    private final TransactionTemplate tx;
    private final Clock clock;

    CheckIns(CohortRepository cohorts, ParticipantRepository participants, CohortWorks works, CohortService service,
             TransactionTemplate tx, Clock clock) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.works = works;
        this.service = service;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * One attempt: the client's live assignment again, or a slot in the first cohort it may join,
     * or empty. Long-polls repeat it ({@link LongPolls}).
     */
    Optional<Assignment> tryAssign(String clientId, long examples) {
        Optional<Assignment> live = live(clientId);
        if (live.isPresent()) {
            return live;
        }
        SelectionPolicy.Candidate candidate = new SelectionPolicy.Candidate(clientId, examples);
        List<Cohort> selectable = cohorts.selectableFor(clientId).stream().sorted(works.checkInOrder()).toList();
        for (Cohort c : selectable) {
            CohortWork work = works.of(c.kind());
            if (!work.acceptsAssignments(c) || !work.selection(c).admits(c, candidate, participants)) {
                continue;
            }
            Map<String, Double> settings = work.clientSettings(c, clientId);
            Instant now = clock.instant();
            boolean assigned;
            try {
                assigned = Boolean.TRUE.equals(tx.execute(s -> {
                    if (!cohorts.reserveSlot(c.id())) {
                        return false;
                    }
                    participants.insert(c.id(), clientId, settings, examples, now);
                    return true;
                }));
            } catch (DuplicateKeyException concurrent) {
                return live(clientId); // the same client checked in twice at once and the other request got the slot
            }
            if (assigned) {
                service.progress(c.id());
                return Optional.of(work.assignment(c, new Participant(c.id(), clientId, ParticipantStatus.ASSIGNED,
                        settings, now, null, null, null)));
            }
        }
        return Optional.empty();
    }

    /** The assignment the client holds in an open cohort, again. */
    private Optional<Assignment> live(String clientId) {
        for (Participant p : participants.openAssignments(clientId)) {
            Optional<Cohort> c = cohorts.find(p.cohortId());
            if (c.isPresent()) {
                return Optional.of(works.of(c.get().kind()).assignment(c.get(), p));
            }
        }
        return Optional.empty();
    }
}
