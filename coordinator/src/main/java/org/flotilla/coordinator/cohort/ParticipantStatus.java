package org.flotilla.coordinator.cohort;

import java.util.EnumSet;
import java.util.Set;

/**
 * A client's part in one cohort, for every kind:
 * <pre>
 * ASSIGNED ─→ REPORTED | DECLINED | DROPPED | LATE
 * DROPPED  ─→ LATE
 * </pre>
 * Transitions are listed here only; {@link ParticipantRepository#mark} applies them conditionally
 * on the current status.
 */
public enum ParticipantStatus {
    /** Assigned; its answer is awaited. */
    ASSIGNED,
    /** Its answer was accepted and counts. */
    REPORTED,
    /** It declined the assignment, with a reason. */
    DECLINED,
    /** The cohort closed before it answered (over-selection absorbed it). */
    DROPPED,
    /** It answered after the cohort had closed or taken its target; the answer did not count. */
    LATE;

    /** No transition leaves this status. */
    public boolean isTerminal() {
        return next().isEmpty();
    }

    /** Its answer counts. */
    public boolean isSuccessful() {
        return this == REPORTED;
    }

    /** Assigned but not counted when the cohort closed (dropped, whether or not it answered later). */
    public boolean isDropped() {
        return this == DROPPED || this == LATE;
    }

    /** The statuses this one may move to. */
    public Set<ParticipantStatus> next() {
        return switch (this) {
            case ASSIGNED -> EnumSet.of(REPORTED, DECLINED, DROPPED, LATE);
            case DROPPED -> EnumSet.of(LATE);
            case REPORTED, DECLINED, LATE -> EnumSet.noneOf(ParticipantStatus.class);
        };
    }

    /** Whether {@code target} may follow this status. */
    public boolean canMoveTo(ParticipantStatus target) {
        return next().contains(target);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException when it is not allowed
     */
    public void requireCanMoveTo(ParticipantStatus target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a participant cannot go from " + this + " to " + target);
        }
    }
}
