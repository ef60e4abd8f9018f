package org.flotilla.edge.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.lifecycle.StoppedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a call until it succeeds, fails fatally, the deadline would pass or a stop is requested.
 * Between attempts it waits the coordinator's {@code Retry-After} when given (capped at
 * {@link #MAX_RETRY_AFTER}), else the backoff's delay. It logs one line per series of failures
 * (the first failure, at WARN) and one when the call succeeds again, not one per attempt.
 */
public final class Retrying {

    /** Longest {@code Retry-After} honoured as sent; longer values are cut to this. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

    /**
     * A wait the coordinator asked for ({@code Retry-After}, or an empty check-in's
     * {@code retryAfterSeconds}), cut to {@link #MAX_RETRY_AFTER}: a coordinator cannot park the
     * client for longer; negative waits count as none.
     */
    public static Duration capped(Duration asked) {
        return asked.isNegative() ? Duration.ZERO : asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Retrying.class);

    private final Backoff backoff;
    private final StopSignal stop;
    private final Clock clock;

    public Retrying(Backoff backoff, StopSignal stop, Clock clock) {
        this.backoff = backoff;
        this.stop = stop;
        this.clock = clock;
    }

    /** The backoff in use. */
    public Backoff backoff() {
        return backoff;
    }

    /**
     * Calls {@code call} until it returns.
     *
     * @param what     names the call in the line logged when it works again, e.g. {@code "check-in"}
     * @param deadline give up (rethrowing the last {@link RetriableException}) rather than wait past
     *                 this instant; null to retry until stopped
     * @throws FatalException      at once, when the call fails fatally
     * @throws RetriableException  the last failure, when the deadline would pass
     * @throws StoppedException    when a stop is requested
     */
    public <T> T call(String what, Instant deadline, Supplier<T> call) {
        Instant firstFailure = null;
        for (int attempt = 0; ; attempt++) {
            if (stop.isRequested()) {
                throw new StoppedException(stop.reason());
            }
            try {
                T result = call.get();
                if (firstFailure != null) {
                    LOG.info("{}: succeeded again after {} attempts ({} s)", what, attempt + 1,
                            Duration.between(firstFailure, clock.instant()).toSeconds());
                }
                return result;
            } catch (RetriableException e) {
                int failures = attempt;
                Duration wait = e.retryAfter().map(Retrying::capped).orElseGet(() -> backoff.delay(failures));
                Instant next = clock.instant().plus(wait);
                boolean givingUp = deadline != null && next.isAfter(deadline);
                // The exception's message already names the call and the coordinator's answer.
                if (firstFailure == null) {
                    firstFailure = clock.instant();
                    if (givingUp) {
                        LOG.warn("{}; not retrying, the deadline {} is too close", e.getMessage(), deadline);
                    } else {
                        LOG.warn("{}; retrying {} (next attempt in {})", e.getMessage(),
                                deadline == null ? "with backoff until it works" : "with backoff until " + deadline,
                                human(wait));
                    }
                } else {
                    LOG.debug("{} (attempt {}); next in {}", e.getMessage(), attempt + 1, human(wait));
                }
                if (givingUp) {
                    throw e;
                }
                if (!stop.sleep(wait)) {
                    throw new StoppedException(stop.reason());
                }
            }
        }
    }

    static String human(Duration d) {
        long ms = d.toMillis();
        return ms < 1000 ? ms + " ms" : String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
