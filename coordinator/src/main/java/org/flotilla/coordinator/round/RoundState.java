package org.flotilla.coordinator.round;

import java.util.EnumSet;
import java.util.Set;

/**
 * The state machine of one round attempt:
 * <pre>
 * SELECTION ─→ TRAINING ─→ AGGREGATING ─→ COMPLETED
 *     │            │             │
 *     └────────────┴─────────────┴──────→ FAILED
 * </pre>
 * Allowed transitions are listed here only; {@link RoundRepository#transition} applies them with
 * a conditional UPDATE ({@code … WHERE state = ?}), so concurrent requests and replicas cannot
 * apply one twice.
 */
public enum RoundState {
    /** Clients that check in are assigned until the over-selected cohort is full. */
    SELECTION,
    /** No more assignments; assigned clients train and upload until the deadline. */
    TRAINING,
    /** Inputs are frozen; the strategy runs over the stored updates. */
    AGGREGATING,
    /** The outcome (new model or a stated "no new model") is committed. */
    COMPLETED,
    /** Quorum missed at the deadline, aggregation failed, or the job was cancelled. */
    FAILED;

    /** No transition leaves this state. */
    public boolean isTerminal() {
        return this == COMPLETED || this == FAILED;
    }

    /** Updates and declines are accepted in this state. */
    public boolean isOpen() {
        return this == SELECTION || this == TRAINING;
    }

    /** The round produced an outcome the job moves on from. */
    public boolean isSuccessful() {
        return this == COMPLETED;
    }

    /** A FAILED attempt may be followed by a new attempt of the same round (the job's policy decides). */
    public boolean isRetriable() {
        return this == FAILED;
    }

    /** The states this one may move to. */
    public Set<RoundState> next() {
        return switch (this) {
            case SELECTION -> EnumSet.of(TRAINING, FAILED);
            case TRAINING -> EnumSet.of(AGGREGATING, FAILED);
            case AGGREGATING -> EnumSet.of(COMPLETED, FAILED);
            case COMPLETED, FAILED -> EnumSet.noneOf(RoundState.class);
        };
    }

    /** Whether {@code target} may follow this state. */
    public boolean canMoveTo(RoundState target) {
        return next().contains(target);
    }

    /**
     * Checks a transition.
     *
     * @throws IllegalStateException when it is not allowed
     */
    public void requireCanMoveTo(RoundState target) {
        if (!canMoveTo(target)) {
            throw new IllegalStateException("a round cannot go from " + this + " to " + target);
        }
    }

    /** The column that records when a round entered {@code target}. */
    static String timeColumn(RoundState target) {
        return switch (target) {
            case TRAINING -> "training_started_at";
            case AGGREGATING -> "aggregation_started_at";
            case COMPLETED, FAILED -> "finished_at";
            case SELECTION -> "opened_at";
        };
    }
}
