package org.flotilla.edge.http;

import java.time.Duration;
import java.util.SplittableRandom;

/**
 * Exponential backoff with jitter, as a value: the delay before retry {@code attempt} (0 for the
 * first retry) is {@code min(max, initial × multiplier^attempt) × u}, with {@code u} uniform in
 * {@code [1 − jitter, 1 + jitter]} (and the result again capped at {@code max}). The random draw is
 * a pure function of {@code (seed, attempt)}, so a test can pin the delays; devices seed it
 * randomly so that a fleet does not retry in step (the "thundering herd").
 *
 * <p>Follows Kafka's {@code ExponentialBackoff}.
 *
 * @param initial    delay before the first retry, positive
 * @param multiplier growth per attempt, at least 1
 * @param max        largest delay, at least {@code initial}
 * @param jitter     relative spread in {@code [0, 1)}
 * @param seed       seed of the jitter
 */
public record Backoff(Duration initial, double multiplier, Duration max, double jitter, long seed) {

    public Backoff {
        if (initial == null || initial.isNegative() || initial.isZero()) {
            throw new IllegalArgumentException("backoff initial delay must be positive, was " + initial);
        }
        if (!(multiplier >= 1)) {
            throw new IllegalArgumentException("backoff multiplier must be at least 1, was " + multiplier);
        }
        if (max == null || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff max " + max + " must be at least the initial delay " + initial);
        }
        if (!(jitter >= 0 && jitter < 1)) {
            throw new IllegalArgumentException("backoff jitter must be in [0, 1), was " + jitter);
        }
    }

    /** 1 s doubling up to 60 s, ±20 % jitter, randomly seeded. */
    public static Backoff defaults() {
        return new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2, System.nanoTime());
    }

    /** This backoff with other bounds (multiplier, jitter and seed kept). */
    public Backoff withBounds(Duration newInitial, Duration newMax) {
        return new Backoff(newInitial, multiplier, newMax, jitter, seed);
    }

    /** This backoff with another jitter seed. */
    public Backoff withSeed(long newSeed) {
        return new Backoff(initial, multiplier, max, jitter, newSeed);
    }

    /** The delay before retry number {@code attempt} (0-based). */
    public Duration delay(int attempt) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be >= 0, was " + attempt);
        }
        double base = initial.toNanos() * Math.pow(multiplier, Math.min(attempt, 1000));
        double capped = Math.min(base, max.toNanos());
        double factor = jitter == 0 ? 1.0
                : new SplittableRandom(seed ^ (0x9E3779B97F4A7C15L * (attempt + 1))).nextDouble(1 - jitter, 1 + jitter);
        return Duration.ofNanos((long) Math.min(capped * factor, max.toNanos()));
    }
}
