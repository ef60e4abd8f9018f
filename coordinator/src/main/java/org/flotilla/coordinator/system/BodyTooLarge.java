package org.flotilla.coordinator.system;

import java.io.IOException;

/**
 * A request body grew past its limit while it was read (a body without a {@code Content-Length},
 * or one longer than it declared). An {@link IOException}, so that it ends whatever is reading the
 * body; {@code web.ProblemHandler} answers it 413 with the limit.
 */
public final class BodyTooLarge extends IOException {

    private final long limit;

    public BodyTooLarge(long limit) {
        super("the request body is longer than the limit of " + limit + " bytes");
        this.limit = limit;
    }

    /** The limit that was passed, in bytes. */
    public long limit() {
        return limit;
    }
}
