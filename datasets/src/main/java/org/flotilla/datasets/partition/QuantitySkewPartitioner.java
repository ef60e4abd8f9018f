package org.flotilla.datasets.partition;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.flotilla.datasets.Permutations;

/**
 * Quantity skew: clients hold very different numbers of examples while labels stay IID within
 * each client, as in the "quantity-based" non-IID settings of Li et al. 2022, "Federated Learning
 * on Non-IID Data Silos: An Experimental Study" (ICDE), and the power-law device sizes of LEAF
 * (Caldas et al. 2018, arXiv:1812.01097) and FedProx (Li et al. 2020, MLSys).
 *
 * <p>Each client draws a weight — a Pareto variate {@code U^(-1/parameter)} for
 * {@link Distribution#POWER_LAW} (smaller exponent, heavier tail), or {@code exp(parameter · Z)}
 * with {@code Z ~ N(0, 1)} for {@link Distribution#LOGNORMAL} (larger sigma, more skew). Each
 * client gets {@code minExamplesPerClient} examples plus a share of the rest proportional to its
 * weight (largest-remainder rounding), taken as a consecutive block of one seeded shuffle.
 *
 * @param distribution family of the client weights
 * @param parameter Pareto exponent (power law) or sigma (log-normal), positive
 * @param minExamplesPerClient fewest examples a client gets, at least 1
 */
public record QuantitySkewPartitioner(Distribution distribution, double parameter, int minExamplesPerClient)
        implements Partitioner {

    /** Default Pareto exponent for {@link Distribution#POWER_LAW}. */
    public static final double DEFAULT_POWER_LAW_EXPONENT = 1.5;

    /** Default sigma for {@link Distribution#LOGNORMAL}. */
    public static final double DEFAULT_LOGNORMAL_SIGMA = 1.0;

    /** How client sizes are distributed. */
    public enum Distribution {
        /** Pareto weights {@code U^(-1/a)}, parameter = exponent {@code a}. */
        POWER_LAW,
        /** Log-normal weights {@code exp(sigma · Z)}, parameter = sigma. */
        LOGNORMAL
    }

    /** Validates the settings. */
    public QuantitySkewPartitioner {
        if (distribution == null) {
            throw new IllegalArgumentException("distribution must be POWER_LAW or LOGNORMAL");
        }
        if (!(parameter > 0) || Double.isInfinite(parameter)) {
            throw new IllegalArgumentException(distribution + " parameter must be a positive number, was " + parameter);
        }
        if (minExamplesPerClient < 1) {
            throw new IllegalArgumentException("minExamplesPerClient must be at least 1, was " + minExamplesPerClient);
        }
    }

    /** The given distribution with its default parameter and at least one example per client. */
    public static QuantitySkewPartitioner of(Distribution distribution) {
        double parameter = distribution == Distribution.POWER_LAW ? DEFAULT_POWER_LAW_EXPONENT : DEFAULT_LOGNORMAL_SIGMA;
        return new QuantitySkewPartitioner(distribution, parameter, 1);
    }

    @Override
    public Partition split(int[] labels, int numClasses, int clients, long seed) {
        Partitions.check(labels, numClasses, clients, minExamplesPerClient);
        SplittableRandom random = new SplittableRandom(seed);
        double[] weights = new double[clients];
        for (int c = 0; c < clients; c++) {
            weights[c] = weight(random);
        }
        int[] sizes = apportion(labels.length - clients * minExamplesPerClient, weights);
        for (int c = 0; c < clients; c++) {
            sizes[c] += minExamplesPerClient;
        }
        int[] order = Permutations.random(labels.length, random);
        return new Partition(IidPartitioner.blocks(order, sizes));
    }

    private double weight(RandomGenerator random) {
        return switch (distribution) {
            case POWER_LAW -> Math.pow(1 - random.nextDouble(), -1 / parameter);
            case LOGNORMAL -> Math.exp(parameter * random.nextGaussian());
        };
    }

    /** {@code total} split in proportion to {@code weights}, rounding by largest remainder. */
    static int[] apportion(int total, double[] weights) {
        double sum = Arrays.stream(weights).sum();
        int[] sizes = new int[weights.length];
        double[] remainders = new double[weights.length];
        int given = 0;
        for (int i = 0; i < weights.length; i++) {
            double exact = total * weights[i] / sum;
            sizes[i] = (int) Math.floor(exact);
            remainders[i] = exact - sizes[i];
            given += sizes[i];
        }
        Integer[] byRemainder = new Integer[weights.length];
        for (int i = 0; i < weights.length; i++) {
            byRemainder[i] = i;
        }
        Arrays.sort(byRemainder, Comparator.comparingDouble((Integer i) -> -remainders[i]).thenComparingInt(i -> i));
        for (int k = 0; given < total; k = (k + 1) % weights.length) {
            sizes[byRemainder[k]]++;
            given++;
        }
        return sizes;
    }
}
