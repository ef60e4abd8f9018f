package org.flotilla.coordinator.cohort;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The lifecycle of every cohort: opening, arming its deadlines, ending selection, closing on the
 * exact target, on nobody outstanding or at the deadline, failing on a missed quorum, and
 * cancelling. Driven by events (an assignment, an answer, a decline, a deadline) and re-reading the
 * database first, so it works the same after a restart and beside other replicas; every change is
 * a conditional update. What closing computes is the kind's ({@link CohortWork#close}).
 */
@Service
public class CohortService {

    private static final Logger log = LoggerFactory.getLogger(CohortService.class);

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final CohortWorks works;
    private final Deadlines deadlines;
    private final CohortSignals signals;
    private final Transitions transitions;
    private final CohortCloser closer;
    private final TransactionTemplate tx;
    private final Clock clock;

    CohortService(CohortRepository cohorts, ParticipantRepository participants, CohortWorks works, Deadlines deadlines,
                  CohortSignals signals, Transitions transitions, CohortCloser closer, TransactionTemplate tx,
                  Clock clock) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.works = works;
        this.deadlines = deadlines;
        this.signals = signals;
        this.transitions = transitions;
        this.closer = closer;
        this.tx = tx;
        this.clock = clock;
    }

    /** Opens a cohort; empty when it exists already (another thread or replica opened it). */
    public Optional<Cohort> open(CohortSpec spec) {
        long id;
        try {
            id = cohorts.insert(spec, clock.instant());
        } catch (DuplicateKeyException opened) {
            return Optional.empty();
        }
        Optional<Cohort> c = cohorts.find(id);
        c.ifPresent(opened -> {
            log.info("{} open: selecting {} client(s) for {} answer(s), deadline in {} s", opened.label(),
                    spec.selectionTarget(), spec.wanted(), spec.timeoutSeconds());
            arm(opened);
        });
        signals.signalAll();
        return c;
    }

    /** Arms the selection and final deadlines of an open cohort (again after a restart: harmless). */
    void arm(Cohort c) {
        deadlines.at(c.selectionDeadline(), "selection of " + c.label(), () -> progress(c.id()));
        deadlines.at(c.deadline(), "deadline of " + c.label(), () -> onDeadline(c.id()));
    }

    /** Re-evaluates a cohort after an assignment, an answer, a decline or the end of selection. */
    public void progress(long cohortId) {
        Cohort c = cohorts.find(cohortId).orElse(null);
        if (c == null) {
            return;
        }
        Instant now = clock.instant();
        CohortRules rules = c.rules();
        if (c.state() == CohortState.SELECTION) {
            if (rules.enoughReported() || enoughForTheKind(c)) {
                close(c);
            } else if (rules.selectionEnds(now)
                    && cohorts.transition(c.id(), CohortState.SELECTION, CohortState.WORKING, now, null, false, null)) {
                progress(cohortId);
            }
        } else if (c.state() == CohortState.WORKING && (rules.canCloseAfterSelection() || enoughForTheKind(c))) {
            close(c);
        }
    }

    /** The kind says its counted answers suffice, and they meet the quorum ({@link CohortWork#enoughAnswers}). */
    private boolean enoughForTheKind(Cohort c) {
        return c.reported() > 0 && c.rules().hasQuorum() && works.of(c.kind()).enoughAnswers(c);
    }

    /** The deadline: close with what has been counted if the quorum is met, else fail. */
    void onDeadline(long cohortId) {
        cohorts.find(cohortId).filter(c -> c.state().isOpen()).ifPresent(this::close);
    }

    private void close(Cohort first) {
        Cohort c = first;
        for (int i = 0; i < 8 && c != null && c.state().isOpen(); i++) {
            Instant now = clock.instant();
            long id = c.id();
            if (c.rules().hasQuorum()) {
                if (c.state() == CohortState.SELECTION) {
                    cohorts.transition(id, CohortState.SELECTION, CohortState.WORKING, now, null, false, null);
                } else if (Boolean.TRUE.equals(tx.execute(s -> {
                    if (!cohorts.transition(id, CohortState.WORKING, CohortState.CLOSING, now, null, false, null)) {
                        return false;
                    }
                    participants.dropOutstanding(id);
                    return true;
                }))) {
                    log.info("{}: closing with {} answer(s)", c.label(), c.reported());
                    signals.signalAll();
                    closer.closeAsync(id);
                    return;
                }
            } else if (transitions.fail(c, c.rules().quorumMissed(works.of(c.kind()).answers()), true, null)) {
                return;
            }
            c = cohorts.find(id).orElse(null);
        }
    }

    /** Fails every unfinished cohort of a job (its job was cancelled or ended). */
    public void failAll(long jobId, String reason) {
        for (Cohort c : cohorts.unfinished(jobId)) {
            Cohort current = c;
            while (current != null && !current.state().isTerminal() && !transitions.fail(current, reason, false, null)) {
                current = cohorts.find(c.id()).orElse(null);
            }
        }
    }
}
