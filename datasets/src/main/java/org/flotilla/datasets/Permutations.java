package org.flotilla.datasets;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Seeded shuffles shared by partitioners, held-out carving and the iterator, so that every random
 * choice in this module is reproducible from an explicit seed.
 */
public final class Permutations {

    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private Permutations() {
    }

    /** Returns a random permutation of {@code 0..n-1} drawn from {@code random}. */
    public static int[] random(int n, RandomGenerator random) {
        int[] order = identity(n);
        shuffle(order, random);
        return order;
    }

    /** Returns {@code 0..n-1} in order. */
    public static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Shuffles {@code values} in place (Fisher–Yates). */
    public static void shuffle(int[] values, RandomGenerator random) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }

    /**
     * Derives an independent generator for one stream (a client, an epoch) from a base seed, so
     * that stream {@code k} does not depend on how many other streams were drawn before it.
     */
    public static SplittableRandom stream(long seed, long streamIndex) {
        long mixed = seed + GOLDEN_GAMMA * (streamIndex + 1);
        mixed = (mixed ^ (mixed >>> 33)) * 0xff51afd7ed558ccdL;
        mixed = (mixed ^ (mixed >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return new SplittableRandom(mixed ^ (mixed >>> 33));
    }
}
