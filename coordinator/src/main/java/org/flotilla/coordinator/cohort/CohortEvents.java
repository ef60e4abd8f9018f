package org.flotilla.coordinator.cohort;

import java.time.Instant;

/**
 * Events the engine publishes. {@link Finished}, {@link Recovered} and {@link Swept} come after
 * committing; the job runner reacts to them. {@link StateChanged} and {@link ParticipantChanged}
 * are published by the repositories inside the transaction that makes the change: listen with
 * {@code @TransactionalEventListener(fallbackExecution = true)} to see them once committed (and
 * never for a change rolled back). They let operators follow cohorts as they happen.
 */
public final class CohortEvents {

    private CohortEvents() {
    }

    /** A cohort reached COMPLETED or FAILED: the job it belongs to may go on. */
    public record Finished(long cohortId, long jobId, CohortKind kind, int roundNo, int attempt, CohortState state) {
    }

    /** At start-up, after the open cohorts were re-armed and closing ones resumed. */
    public record Recovered(int open, int closing) {
    }

    /** A periodic sweep of deadlines and closing leases ended. */
    public record Swept() {
    }

    /**
     * A cohort entered {@code to}: opened in SELECTION ({@code from} null), or moved on.
     *
     * @param cohortId the cohort
     * @param from     the state it left, or null when it was just opened
     * @param to       the state it entered
     * @param at       when
     */
    public record StateChanged(long cohortId, CohortState from, CohortState to, Instant at) {
    }

    /**
     * A participant's status changed: assigned (ASSIGNED), answered, declined, dropped or late.
     *
     * @param cohortId      the cohort
     * @param clientId      the client
     * @param status        its new status
     * @param declineReason the protocol decline reason when {@code status} is DECLINED, else null
     * @param at            when
     */
    public record ParticipantChanged(long cohortId, String clientId, ParticipantStatus status, String declineReason,
                                     Instant at) {
    }
}
