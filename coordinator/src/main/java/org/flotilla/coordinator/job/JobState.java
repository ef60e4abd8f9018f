package org.flotilla.coordinator.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * The life of a job: CREATED → RUNNING → COMPLETED | FAILED | CANCELLED. The allowed transitions
 * are listed here and nowhere else; {@link JobRepository#transition} applies them.
 */
public enum JobState {
    /** Stored, first round not yet opened. */
    CREATED,
    /** Rounds are being run. */
    RUNNING,
    /** All rounds done, or the target accuracy reached. */
    COMPLETED,
    /** Stopped by a failure, with a stated reason (e.g. a round missed its quorum too often). */
    FAILED,
    /** Stopped by an operator. */
    CANCELLED;

    /** No transition leaves this state. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /** The job reached its goal. */
    public boolean isSuccessful() {
        return this == COMPLETED;
    }

    /** The states this one may move to. */
    public Set<JobState> next() {
        return switch (this) {
            case CREATED -> EnumSet.of(RUNNING, FAILED, CANCELLED);
            case RUNNING -> EnumSet.of(COMPLETED, FAILED, CANCELLED);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(JobState.class);
        };
    }

    /** Whether {@code target} may follow this state. */
    public boolean canMoveTo(JobState target) {
        return next().contains(target);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException when it is not allowed
     */
    public void requireCanMoveTo(JobState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a job cannot go from " + this + " to " + target);
        }
    }
}
