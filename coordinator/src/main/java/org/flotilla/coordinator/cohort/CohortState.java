package org.flotilla.coordinator.cohort;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state machine of every cohort, whatever its kind (Conductor-style: each state says whether
 * it is terminal, successful, retriable, and which states may follow):
 * <pre>
 * SELECTION ─→ WORKING ─→ CLOSING ─→ COMPLETED
 *     │           │          │
 *     └───────────┴──────────┴────→ FAILED
 * </pre>
 * SELECTION: clients that check in are assigned. WORKING: no more assignments, answers are
 * awaited. CLOSING: answers are frozen and the kind's closing step runs under a lease (a training
 * round aggregates, an evaluation folds its figures). Allowed transitions are listed here only;
 * {@link CohortRepository#transition} applies them with a conditional UPDATE, so concurrent
 * requests and replicas cannot apply one twice.
 */
public enum CohortState {
    /** Clients that check in are assigned until the over-selected cohort is full. */
    SELECTION,
    /** No more assignments; assigned clients work and answer until the deadline or the target. */
    WORKING,
    /** Inputs are frozen; the kind's closing step runs. */
    CLOSING,
    /** The closing step's outcome is committed. */
    COMPLETED,
    /** Quorum missed, the closing step failed, or the job was cancelled. */
    FAILED;

    /** No transition leaves this state. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Answers and declines are accepted in this state. */
    public boolean isOpen() {
        return this == SELECTION || this == WORKING;
    }

    /** The cohort produced an outcome its job moves on from. */
    public boolean isSuccessful() {
        return this == COMPLETED;
    }

    /** A FAILED cohort may be followed by a new attempt (whether it is, is the job's and kind's policy). */
    public boolean isRetriable() {
        return this == FAILED;
    }

    /** The states this one may move to. */
    public Set<CohortState> next() {
        return switch (this) {
            case SELECTION -> EnumSet.of(WORKING, FAILED);
            case WORKING -> EnumSet.of(CLOSING, FAILED);
            case CLOSING -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, FAILED -> EnumSet.noneOf(CohortState.class);
        };
    }

    /** Whether {@code target} may follow this state. */
    public boolean canMoveTo(CohortState target) {
        return next().contains(target);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException when it is not allowed
     */
    public void requireCanMoveTo(CohortState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a cohort cannot go from " + this + " to " + target);
        }
    }

    /** The column that records when a cohort entered {@code target}. */
    static String timeColumn(CohortState target) {
        return switch (target) {
            case SELECTION -> "opened_at";
            case WORKING -> "work_started_at";
            case CLOSING -> "closing_started_at";
            case COMPLETED, FAILED -> "finished_at";
        };
    }
}
