package org.flotilla.privacy.accounting;

import org.flotilla.privacy.math.Erfc;
import org.flotilla.privacy.math.LogMath;

/**
 * Rényi differential privacy of one step of the sampled Gaussian mechanism: each client is in
 * the sample independently with probability q, and the sum of the sampled clients' contributions
 * (each of L2 norm at most C) gets Gaussian noise of standard deviation z·C. Under
 * add-or-remove-one adjacency its RDP at order α is {@code log(A_α) / (α - 1)} with
 * {@code A_α = E_{x~N(0,z²)}[(1 - q + q·exp((2x - 1)/(2z²)))^α]} (Mironov, Talwar and Zhang 2019,
 * "Rényi Differential Privacy of the Sampled Gaussian Mechanism").
 *
 * <p>For integer α, {@code A_α} is a finite binomial sum. For fractional α it is the pair of
 * series of the paper's Section 3.3, split at {@code z₀ = z²·log(1/q - 1) + 1/2}, whose terms
 * carry the generalised binomial coefficients C(α, k); these alternate in sign once k passes
 * α + 1. Every term is formed in log space (with {@link Erfc#logErfc} for the Gaussian tails),
 * positive and negative terms are summed apart and subtracted once, and the series stops when
 * both tails have been decreasing and fall 30 nats below the running total. What is returned is
 * then rounded up by the last terms (a bound on the remainder of an alternating series) and by
 * 1e-12 of the terms' absolute sum (for rounding), so it errs on the side of more privacy loss.
 */
public final class SampledGaussianRdp {

    static final int MAX_TERMS = 200_000;
    private static final double LOG_HALF = Math.log(0.5);
    private static final double STOP_NATS = 30;
    private static final double LOG_ROUNDING_SLACK = Math.log(1e-12);

    private SampledGaussianRdp() {
    }

    /**
     * RDP at order {@code alpha} of one step with sampling rate {@code q} and noise multiplier
     * {@code z}; 0 for q = 0, ∞ for z = 0.
     */
    public static double rdp(double q, double z, double alpha) {
        if (!(q >= 0 && q <= 1)) {
            throw new IllegalArgumentException("sampling rate must be in [0, 1], was " + q);
        }
        if (!(z >= 0) || Double.isInfinite(z)) {
            throw new IllegalArgumentException("noise multiplier must be finite and at least 0, was " + z);
        }
        if (!(alpha > 1) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Rényi order must be finite and above 1, was " + alpha);
        }
        if (q == 0) {
            return 0;
        }
        if (z == 0) {
            return Double.POSITIVE_INFINITY;
        }
        if (q == 1) {
            return alpha / (2 * z * z);
        }
        double logA = alpha == Math.rint(alpha) ? logAInteger(q, z, (long) alpha) : logAFractional(q, z, alpha);
        return Math.max(0, logA) / (alpha - 1);
    }

    /** RDP of one step at each of {@code orders}. */
    public static double[] rdp(double q, double z, RdpOrders orders) {
        double[] out = new double[orders.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rdp(q, z, orders.get(i));
        }
        return out;
    }

    /** {@code log A_α} for integer α: Σ_k C(α,k) q^k (1-q)^(α-k) exp((k² - k)/(2z²)). */
    static double logAInteger(double q, double z, long alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVar = 2 * z * z;
        double logA = Double.NEGATIVE_INFINITY;
        double logBinom = 0;
        for (long k = 0; k <= alpha; k++) {
            double term = logBinom + k * logQ + (alpha - k) * log1mQ + ((double) k * k - k) / twoVar;
            logA = LogMath.add(logA, term);
            logBinom += Math.log((double) (alpha - k) / (k + 1));
        }
        return logA;
    }

    /** {@code log A_α} for fractional α by the two series of Section 3.3. */
    static double logAFractional(double q, double z, double alpha) {
        double logQ = Math.log(q);
        double log1mQ = Math.log1p(-q);
        double twoVar = 2 * z * z;
        double scale = Math.sqrt(2) * z;
        double z0 = z * z * Math.log(1 / q - 1) + 0.5;

        double positive = Double.NEGATIVE_INFINITY;
        double negative = Double.NEGATIVE_INFINITY;
        double logBinom = 0;
        boolean binomPositive = true;
        double last0 = Double.POSITIVE_INFINITY;
        double last1 = Double.POSITIVE_INFINITY;
        for (int k = 0; k < MAX_TERMS; k++) {
            double j = alpha - k;
            double s0 = logBinom + k * logQ + j * log1mQ + ((double) k * k - k) / twoVar
                    + LOG_HALF + Erfc.logErfc((k - z0) / scale);
            double s1 = logBinom + j * logQ + k * log1mQ + (j * j - j) / twoVar
                    + LOG_HALF + Erfc.logErfc((z0 - j) / scale);
            double pair = LogMath.add(s0, s1);
            if (binomPositive) {
                positive = LogMath.add(positive, pair);
            } else {
                negative = LogMath.add(negative, pair);
            }
            boolean alternating = k > alpha + 1;
            if (alternating && s0 < last0 && s1 < last1 && positive > negative
                    && Math.max(s0, s1) < LogMath.subtract(positive, negative) - STOP_NATS) {
                last0 = s0;
                last1 = s1;
                break;
            }
            last0 = s0;
            last1 = s1;
            double factor = alpha - k;
            logBinom += Math.log(Math.abs(factor) / (k + 1));
            if (factor < 0) {
                binomPositive = !binomPositive;
            }
        }
        if (!(positive > negative)) {
            // Cancellation swallowed the sum: fall back to the sum of absolute values, an upper bound.
            return LogMath.add(positive, negative);
        }
        double sum = LogMath.subtract(positive, negative);
        double remainder = LogMath.add(last0, last1);
        double rounding = LogMath.add(positive, negative) + LOG_ROUNDING_SLACK;
        return LogMath.add(sum, LogMath.add(remainder, rounding));
    }
}
