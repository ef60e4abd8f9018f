package org.flotilla.datasets.partition;

import java.util.random.RandomGenerator;

/**
 * Seeded draws from symmetric Dirichlet distributions, through Gamma variates generated with the
 * method of Marsaglia and Tsang 2000, "A Simple Method for Generating Gamma Variables" (ACM TOMS
 * 26(3)). Shapes below one use the boost {@code Gamma(a) = Gamma(a + 1) · U^(1/a)}, computed in
 * log space so that very small concentrations (alpha = 0.01) do not underflow to all zeros.
 */
final class DirichletSampler {

    private DirichletSampler() {
    }

    /** A point of the {@code k}-simplex drawn from the symmetric Dirichlet(alpha, …, alpha). */
    static double[] sample(double alpha, int k, RandomGenerator random) {
        double[] logs = new double[k];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) {
            logs[i] = logGamma(alpha, random);
            max = Math.max(max, logs[i]);
        }
        double[] p = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            p[i] = Math.exp(logs[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < k; i++) {
            p[i] /= sum;
        }
        return p;
    }

    /** The logarithm of a Gamma(shape, 1) variate. */
    static double logGamma(double shape, RandomGenerator random) {
        if (shape < 1) {
            double u = 1 - random.nextDouble(); // in (0, 1]
            return Math.log(marsagliaTsang(shape + 1, random)) + Math.log(u) / shape;
        }
        return Math.log(marsagliaTsang(shape, random));
    }

    /** A Gamma(shape, 1) variate for {@code shape >= 1}. */
    static double marsagliaTsang(double shape, RandomGenerator random) {
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
