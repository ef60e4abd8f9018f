package org.flotilla.secagg.client;

/** The outcome of one client step: a message to send, or leaving the round. */
public sealed interface ClientStep<M> {

    /** Send {@code message}; the state was updated first (persist it, then send). */
    record Send<M>(M message) implements ClientStep<M> {
    }

    /** Leave the round: reveal nothing more. */
    record Abort<M>(AbortReason reason, String detail) implements ClientStep<M> {
    }
}
