package org.flotilla.coordinator.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * Failed authentications per remote address, in fixed windows of {@code flotilla.limits.auth-window}:
 * after {@code flotilla.limits.auth-failures} failures in a window, every request of that address
 * that carries credentials is answered 429 until the window ends, whether its credentials are right
 * or not — so guessing a secret or a token costs a window per few guesses, and a right guess cannot
 * be told from a wrong one while blocked. Kept in memory per replica; at most {@link #MAX_ADDRESSES}
 * addresses are tracked (expired ones are forgotten first), so a flood of addresses cannot exhaust
 * the heap. Addresses are the TCP peer's: behind a proxy every device shares the proxy's.
 */
@Component
public class FailedLogins {

    /** Addresses tracked at most. */
    static final int MAX_ADDRESSES = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    public FailedLogins(LimitProperties limits, Clock clock) {
        this.limit = limits.authFailures();
        this.window = limits.authWindow();
        this.clock = clock;
    }

    private record Window(Instant start, int failures) {
    }

    /** Counts one failed authentication of {@code address}. */
    public void failed(String address) {
        if (address == null) {
            return;
        }
        Instant now = clock.instant();
        if (windows.size() >= MAX_ADDRESSES && !windows.containsKey(address)) {
            windows.values().removeIf(w -> !w.start().plus(window).isAfter(now));
            if (windows.size() >= MAX_ADDRESSES) {
                windows.clear(); // all of them recent: start over rather than grow
            }
        }
        windows.merge(address, new Window(now, 1), (old, one) ->
                old.start().plus(window).isAfter(now) ? new Window(old.start(), old.failures() + 1) : one);
    }

    /** How long {@code address} is still blocked, or empty when it may try. */
    public Optional<Duration> blockedFor(String address) {
        Window w = address == null ? null : windows.get(address);
        if (w == null || w.failures() < limit) {
            return Optional.empty();
        }
        Duration left = Duration.between(clock.instant(), w.start().plus(window));
        return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
    }
}
