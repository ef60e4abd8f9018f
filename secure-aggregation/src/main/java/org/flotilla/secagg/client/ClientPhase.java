package org.flotilla.secagg.client;

/** Where a client is in a round; transitions are checked in {@link ClientSession}. */
public enum ClientPhase {
    /** Keys generated and advertised; waiting for the neighbours' keys. */
    KEYS_ADVERTISED(false),
    /** Shares of the two secrets sent, sealed for each neighbour. */
    SHARES_SENT(false),
    /** Masked input computed (and sent by the caller). */
    MASKED_INPUT_SENT(false),
    /** Shares revealed for unmasking: the client's part of the round is done. */
    UNMASKED(true),
    /** The client left the round (see the abort reason); it reveals nothing more. */
    ABORTED(true);

    private final boolean terminal;

    ClientPhase(boolean terminal) {
        this.terminal = terminal;
    }

    /** Whether no further step is possible. */
    public boolean isTerminal() {
        return terminal;
    }
}
