package org.flotilla.edge.http;

/**
 * 409 on an upload: the round is closed (the update came too late), or different bytes were
 * already accepted for this (job, round, client). Either way this update will never be accepted
 * and is dropped.
 */
public final class ConflictException extends FatalException {

    public ConflictException(String message) {
        super(message, 409);
    }
}
