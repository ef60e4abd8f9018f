package org.flotilla.secagg;

/**
 * Which other clients a client agrees masks with and shares its secrets among: every other
 * participant (SecAgg, Bonawitz et al. 2017: O(n) work and traffic per client) or the
 * neighbours of a random k-regular graph (SecAgg+, Bell et al. 2020: O(log n)).
 */
public sealed interface Neighbourhood {

    /** The number of neighbours (not counting the client itself) among {@code n} participants. */
    int neighbours(int n);

    /** Every other participant. */
    record Complete() implements Neighbourhood {
        @Override
        public int neighbours(int n) {
            return n - 1;
        }
    }

    /** A fixed even degree k (a graph with k ≥ n − 1 is the complete graph). */
    record Regular(int k) implements Neighbourhood {
        @Override
        public int neighbours(int n) {
            return Math.min(k, n - 1);
        }
    }

    /**
     * Bell et al.'s O(log n) degree: k = 2⌈1.5·log2 n⌉ (about 3·log2 n; 20 neighbours at
     * n = 100, 18 at 50), and the complete graph when that reaches n − 1 (n ≤ 13). The constant
     * keeps the Harary graph's connectivity k well above the drop-outs a round tolerates, so
     * the survivors stay connected and the server only ever learns the sum of all of them.
     */
    record Logarithmic() implements Neighbourhood {
        @Override
        public int neighbours(int n) {
            if (n <= 1) {
                return 0;
            }
            int k = 2 * (int) Math.ceil(1.5 * Math.log(n) / Math.log(2));
            return Math.min(k, n - 1);
        }
    }
}
