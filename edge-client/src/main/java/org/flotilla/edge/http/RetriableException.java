package org.flotilla.edge.http;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure that may pass if the same request is sent again later: the coordinator could not be
 * reached or timed out, answered 5xx, 408 or 429. Carries the coordinator's {@code Retry-After},
 * when it sent one.
 */
public final class RetriableException extends CoordinatorException {

    private final Duration retryAfter;

    public RetriableException(String message, int status, Duration retryAfter, Throwable cause) {
        super(message, status, cause);
        this.retryAfter = retryAfter;
    }

    /** How long the coordinator asked us to wait, if it said. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
