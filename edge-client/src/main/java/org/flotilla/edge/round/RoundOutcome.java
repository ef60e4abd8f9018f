package org.flotilla.edge.round;

/** How the client's part of a round ended. */
public enum RoundOutcome {
    /** The update was accepted (201). */
    UPLOADED(true),
    /** The same update had already been accepted (200), e.g. after a restart. */
    ALREADY_ACCEPTED(true),
    /** 409: the round closed or a different update was accepted; the update was dropped. */
    DROPPED(false),
    /** Another 4xx answer (403, 413, 422…); the update was dropped. */
    REJECTED(false),
    /** Not acknowledged before the deadline; kept in {@code pending/} for a later attempt. */
    KEPT_PENDING(false),
    /** The client declined the assignment (data shape, invalid plan, corrupt artifact…). */
    DECLINED(false),
    /** A shutdown ended the round; it was declined with {@code SHUTTING_DOWN} if there was time. */
    ABANDONED(false),
    /** The deadline had passed before the client could start. */
    EXPIRED(false),
    /** The round could not be done (artifacts unreachable until the deadline). */
    FAILED(false);

    private final boolean successful;

    RoundOutcome(boolean successful) {
        this.successful = successful;
    }

    /** Whether the coordinator holds this client's update for the round. */
    public boolean isSuccessful() {
        return successful;
    }
}
