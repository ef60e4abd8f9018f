package org.flotilla.coordinator.strategy;

/**
 * Per-round seeds derived from a job's seed, so that every random choice a strategy makes in a
 * round is reproducible from the job's seed alone (SplitMix64 finaliser over seed and round).
 */
public final class RoundSeeds {

    private RoundSeeds() {
    }

    /** The seed of {@code round} (1-based) in a job seeded with {@code jobSeed}. */
    public static long of(long jobSeed, int round) {
        long z = jobSeed + 0x9E3779B97F4A7C15L * round;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
