package org.flotilla.secagg.server;

/** The result of closing a phase: go on with {@code participants} clients, or fail. */
public sealed interface PhaseOutcome {

    /** Whether the round goes on. */
    default boolean proceeds() {
        return this instanceof Proceed;
    }

    /** The next phase opens with this many clients. */
    record Proceed(int participants) implements PhaseOutcome {
    }

    /** The round failed. */
    record Failed(RoundFailure failure) implements PhaseOutcome {
    }
}
