package org.flotilla.coordinator.evaluation;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state machine of one federated evaluation:
 * <pre>
 * SELECTION ─→ EVALUATING ─→ COMPLETED
 *     │             │
 *     └─────────────┴──────→ FAILED
 * </pre>
 * Like a training round without aggregation: folding a handful of (examples, loss, accuracy)
 * triples is done in the same transaction that completes the evaluation. Allowed transitions are
 * listed here only; {@link EvaluationRepository#transition} applies them with a conditional UPDATE.
 */
public enum EvaluationState {
    /** Clients that check in are assigned until the over-selected cohort is full. */
    SELECTION,
    /** No more assignments; assigned clients evaluate and report until the deadline. */
    EVALUATING,
    /** The quorum reported; the example-weighted figures are recorded. */
    COMPLETED,
    /** Quorum missed at the deadline, no held-out examples, or the job was cancelled. */
    FAILED;

    /** No transition leaves this state. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Results and declines are accepted in this state. */
    public boolean isOpen() {
        return this == SELECTION || this == EVALUATING;
    }

    /** The evaluation produced figures. */
    public boolean isSuccessful() {
        return this == COMPLETED;
    }

    /**
     * Never: a failed evaluation is recorded and the job moves on (evaluating the same weights
     * again would only hold up training; the next scheduled evaluation comes soon enough).
     */
    public boolean isRetriable() {
        return false;
    }

    /** The states this one may move to. */
    public Set<EvaluationState> next() {
        return switch (this) {
            case SELECTION -> EnumSet.of(EVALUATING, FAILED);
            case EVALUATING -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, FAILED -> EnumSet.noneOf(EvaluationState.class);
        };
    }

    /** Whether {@code target} may follow this state. */
    public boolean canMoveTo(EvaluationState target) {
        return next().contains(target);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException when it is not allowed
     */
    public void requireCanMoveTo(EvaluationState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("an evaluation cannot go from " + this + " to " + target);
        }
    }

    /** The column that records when an evaluation entered {@code target}. */
    static String timeColumn(EvaluationState target) {
        return switch (target) {
            case SELECTION -> "opened_at";
            case EVALUATING -> "evaluation_started_at";
            case COMPLETED, FAILED -> "finished_at";
        };
    }
}
