package org.flotilla.secagg;

/**
 * How many of the {@code m} shares of a client's secrets reconstruct them, where {@code m} is
 * the client's neighbourhood plus itself. Fewer than {@code t} colluding holders learn nothing
 * of a secret (Shamir); at least {@code t} of a client's holders must survive to the unmasking
 * phase for the round to finish.
 */
public sealed interface Threshold {

    /** The threshold for a neighbourhood of {@code m} shares (the share count includes the owner). */
    int resolve(int m);

    /**
     * A strict majority, t = ⌊m/2⌋ + 1 (Flower's SecAgg+ example uses 2 of 3 shares), the
     * smallest t for which no two disjoint groups of holders could each reconstruct a secret,
     * which is what keeps a server that lies about drop-outs from getting both a survivor's
     * self-mask seed and its mask key from different groups (the argument of Bonawitz et al. 2017 for t &gt; n/2).
     */
    record Majority() implements Threshold {
        @Override
        public int resolve(int m) {
            return m / 2 + 1;
        }
    }

    /** A fixed t, checked against each round's neighbourhood size. */
    record Fixed(int t) implements Threshold {
        @Override
        public int resolve(int m) {
            return t;
        }
    }
}
