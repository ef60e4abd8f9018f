package org.flotilla.coordinator.cohort;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The two ways a cohort ends, each a conditional transition committed with its side effects in one
 * transaction, then announced ({@link CohortEvents.Finished}) so that its job can go on.
 */
@Component
class Transitions {

    private static final Logger log = LoggerFactory.getLogger(Transitions.class);

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final CohortWorks works;
    private final CohortSignals signals;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    Transitions(CohortRepository cohorts, ParticipantRepository participants, CohortWorks works, CohortSignals signals,
                ApplicationEventPublisher events, TransactionTemplate tx, Clock clock) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.works = works;
        this.signals = signals;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Fails a cohort (conditionally on its state; with {@code belowQuorum} only while it lacks its
     * quorum; with a {@code leaseHolder} only while that replica holds the closing lease) and drops
     * its outstanding participants.
     *
     * @return whether this call failed it
     */
    boolean fail(Cohort c, String reason, boolean belowQuorum, String leaseHolder) {
        Instant now = clock.instant();
        boolean failed = Boolean.TRUE.equals(tx.execute(s -> {
            if (!cohorts.transition(c.id(), c.state(), CohortState.FAILED, now, reason, belowQuorum, leaseHolder)) {
                return false;
            }
            participants.dropOutstanding(c.id());
            return true;
        }));
        if (failed) {
            log.warn("{} failed: {}", c.label(), reason);
            works.of(c.kind()).failed(c, reason);
            finished(c, CohortState.FAILED);
        }
        return failed;
    }

    /** Completes a CLOSING cohort with the kind's rows, if {@code leaseHolder} still holds its lease. */
    boolean complete(Cohort c, Closing.Complete done, String leaseHolder) {
        Instant now = clock.instant();
        boolean completed = Boolean.TRUE.equals(tx.execute(s -> {
            if (!cohorts.transition(c.id(), CohortState.CLOSING, CohortState.COMPLETED, now, done.outcome(), false,
                    leaseHolder)) {
                return false;
            }
            if (!done.commit().apply()) {
                s.setRollbackOnly();
                return false;
            }
            return true;
        }));
        if (!completed) {
            log.info("{}: outcome not committed (the cohort, its lease or its job changed meanwhile)", c.label());
            return false;
        }
        if (done.afterCommit() != null) {
            done.afterCommit().run();
        }
        finished(c, CohortState.COMPLETED);
        return true;
    }

    private void finished(Cohort c, CohortState state) {
        signals.signalAll();
        events.publishEvent(new CohortEvents.Finished(c.id(), c.jobId(), c.kind(), c.roundNo(), c.attempt(), state));
    }
}
