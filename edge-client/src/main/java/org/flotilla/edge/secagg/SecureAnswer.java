package org.flotilla.edge.secagg;

import org.flotilla.model.protocol.DeclineReason;

/**
 * What the client answers one phase of a secure round: the protocol message (its state already
 * saved), or a decline of the rest of the round.
 */
public sealed interface SecureAnswer<M> {

    /** Send {@code message}: the state that produced it is on stable storage. */
    record Send<M>(M message) implements SecureAnswer<M> {
    }

    /**
     * Decline the phase and reveal nothing more in this round.
     *
     * @param reason always {@link DeclineReason#SECURE_AGGREGATION_ABORTED} for a protocol abort
     * @param detail the library's abort reason and its explanation, for the round detail
     * @param blamesServer whether the coordinator broke the protocol (worth logging as a violation)
     */
    record Decline<M>(DeclineReason reason, String detail, boolean blamesServer) implements SecureAnswer<M> {
    }
}
