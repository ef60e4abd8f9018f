package org.flotilla.coordinator.monitor;

import java.time.Duration;
import java.time.Instant;

/** Seconds between two instants, for the timings the views show. */
final class Durations {

    private Durations() {
    }

    /** Seconds from {@code from} to {@code to}, or null when either is missing (a phase not reached). */
    static Double seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toNanos() / 1e9;
    }
}
