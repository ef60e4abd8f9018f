package org.flotilla.datasets.partition;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.flotilla.datasets.Permutations;

/**
 * Label skew by a Dirichlet prior (Hsu, Qi and Brown 2019, "Measuring the Effects of
 * Non-Identical Data Distribution for Federated Visual Classification", arXiv:1909.06335), in the
 * per-class form used by Yurochkin et al. 2019 (ICML) and Li et al. 2022, "Federated Learning on
 * Non-IID Data Silos: An Experimental Study" (ICDE): for each class, draw the clients' shares
 * {@code p ~ Dir(alpha)} and cut that class's shuffled examples at the cumulative shares. Small
 * alpha (0.1) gives each client a few dominant classes; large alpha (100) approaches IID.
 *
 * <p>A draw can leave a client with (almost) nothing. Then the whole draw is repeated, continuing
 * the same seeded stream, until every client has at least {@code minExamplesPerClient} examples;
 * after {@code maxDraws} failed draws the split fails with advice, rather than return a client
 * with no data.
 *
 * @param alpha concentration, positive
 * @param minExamplesPerClient fewest examples a client may get, at least 1
 * @param maxDraws how many complete draws to try, at least 1
 */
public record DirichletPartitioner(double alpha, int minExamplesPerClient, int maxDraws) implements Partitioner {

    /** Default {@link #maxDraws()}. */
    public static final int DEFAULT_MAX_DRAWS = 1000;

    /** Validates the settings. */
    public DirichletPartitioner {
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Dirichlet alpha must be a positive number, was " + alpha);
        }
        if (minExamplesPerClient < 1 || maxDraws < 1) {
            throw new IllegalArgumentException("minExamplesPerClient and maxDraws must be at least 1");
        }
    }

    /** Dirichlet(alpha) with at least one example per client and up to 1000 draws. */
    public DirichletPartitioner(double alpha) {
        this(alpha, 1, DEFAULT_MAX_DRAWS);
    }

    @Override
    public Partition split(int[] labels, int numClasses, int clients, long seed) {
        Partitions.check(labels, numClasses, clients, minExamplesPerClient);
        int[][] byClass = Partitions.indicesByClass(labels, numClasses);
        SplittableRandom random = new SplittableRandom(seed);
        for (int draw = 0; draw < maxDraws; draw++) {
            List<Partitions.IntList> assigned = drawOnce(byClass, clients, random);
            if (assigned.stream().allMatch(list -> list.size() >= minExamplesPerClient)) {
                return new Partition(assigned.stream().map(Partitions.IntList::toArray).toList());
            }
        }
        throw new IllegalArgumentException("Dirichlet(alpha=" + alpha + ") left some of the " + clients
                + " clients with fewer than " + minExamplesPerClient + " example(s) in each of " + maxDraws
                + " draws; use a larger alpha or fewer clients");
    }

    private List<Partitions.IntList> drawOnce(int[][] byClass, int clients, SplittableRandom random) {
        List<Partitions.IntList> assigned = new ArrayList<>(clients);
        for (int c = 0; c < clients; c++) {
            assigned.add(new Partitions.IntList());
        }
        for (int[] classIndices : byClass) {
            int[] shuffled = classIndices.clone();
            Permutations.shuffle(shuffled, random);
            double[] shares = DirichletSampler.sample(alpha, clients, random);
            int n = shuffled.length;
            int start = 0;
            double cumulative = 0;
            for (int c = 0; c < clients; c++) {
                cumulative += shares[c];
                int end = c == clients - 1 ? n : (int) Math.min(n, Math.max(start, Math.round(cumulative * n)));
                for (int i = start; i < end; i++) {
                    assigned.get(c).add(shuffled[i]);
                }
                start = end;
            }
        }
        return assigned;
    }
}
