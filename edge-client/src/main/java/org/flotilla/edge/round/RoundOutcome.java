package org.flotilla.edge.round;

/** How the client's part of a round (training or evaluation) ended. */
public enum RoundOutcome {
    /** The update or evaluation result was accepted (201). */
    UPLOADED(true),
    /** The same update or result had already been accepted (200), e.g. after a retry or a restart. */
    ALREADY_ACCEPTED(true),
    /** 409: the round (or evaluation) closed, or a different update or result was accepted; ours was dropped. */
    DROPPED(false),
    /** Another 4xx answer (400, 403, 413, 422…); the update or result was dropped. */
    REJECTED(false),
    /** Not acknowledged before the deadline; kept in {@code pending/} for a later attempt. */
    KEPT_PENDING(false),
    /** The client declined the assignment (data shape, invalid plan, corrupt artifact…). */
    DECLINED(false),
    /** A shutdown ended the round; it was declined with {@code SHUTTING_DOWN} if there was time. */
    ABANDONED(false),
    /** The deadline had passed before the client could start. */
    EXPIRED(false),
    /**
     * The round could not be done: artifacts unreachable until the deadline, or an evaluation
     * result not acknowledged before it (results are not kept in {@code pending/}).
     */
    FAILED(false);

    private final boolean successful;

    RoundOutcome(boolean successful) {
        this.successful = successful;
    }

    /** Whether the coordinator holds this client's update (or evaluation result) for the round. */
    public boolean isSuccessful() {
        return successful;
    }
}
