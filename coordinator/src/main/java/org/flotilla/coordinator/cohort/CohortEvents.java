package org.flotilla.coordinator.cohort;

/** Events the engine publishes after committing; the job runner reacts to them. */
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
}
