package org.flotilla.secagg.server;

/** Where a round is on the server; transitions are checked in {@link ServerSession}. */
public enum ServerPhase {
    /** Phase 0: collecting key advertisements. */
    COLLECTING_KEYS(false),
    /** Phase 1: collecting sealed shares. */
    COLLECTING_SHARES(false),
    /** Phase 2: collecting masked inputs (summed as they arrive). */
    COLLECTING_MASKED_INPUTS(false),
    /** Phase 3: collecting the revealed shares needed to unmask. */
    UNMASKING(false),
    /** The weighted mean was recovered. */
    COMPLETED(true),
    /** The round failed (see the failure); the job's retry policy applies. */
    FAILED(true);

    private final boolean terminal;

    ServerPhase(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether the round is over. */
    public boolean isTerminal() {
        return terminal;
    }

    /** The phase after this one on success. */
    ServerPhase next() {
        return switch (this) {
            case COLLECTING_KEYS -> COLLECTING_SHARES;
            case COLLECTING_SHARES -> COLLECTING_MASKED_INPUTS;
            case COLLECTING_MASKED_INPUTS -> UNMASKING;
            case UNMASKING -> COMPLETED;
            case COMPLETED, FAILED -> throw new IllegalStateException("no phase after " + this);
        };
    }
}
