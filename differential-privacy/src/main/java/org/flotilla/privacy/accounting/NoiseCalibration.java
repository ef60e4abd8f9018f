package org.flotilla.privacy.accounting;

import java.util.Optional;
import java.util.function.Function;

/**
 * The smallest noise multiplier z for which a planned run — {@code rounds} rounds at sampling
 * rate q — stays within a target ε at a given δ. ε falls as z grows (the RDP of the sampled
 * Gaussian mechanism does at every order), so bisection finds it: first a bracket by doubling or
 * halving from z = 1, then halving the bracket in log scale until its ends are within a relative
 * {@value #RELATIVE_TOLERANCE} of each other. The answer is the upper end, so it always meets the
 * target.
 */
public final class NoiseCalibration {

    /** The smallest noise multiplier considered. */
    public static final double MIN_NOISE_MULTIPLIER = 0.01;
    /** The largest noise multiplier considered. */
    public static final double MAX_NOISE_MULTIPLIER = 10_000;
    static final double RELATIVE_TOLERANCE = 1e-6;

    private NoiseCalibration() {
    }

    /**
     * The calibrated noise multiplier with the RDP accountant over the default orders, or empty
     * when even {@link #MAX_NOISE_MULTIPLIER} does not meet the target.
     */
    public static Optional<Calibration> smallestNoiseMultiplier(double samplingRate, long rounds, double delta,
            double targetEpsilon) {
        return smallestNoiseMultiplier(samplingRate, rounds, delta, targetEpsilon, RdpAccountant.create());
    }

    /** As {@link #smallestNoiseMultiplier(double, long, double, double)}, with the given accountant. */
    public static Optional<Calibration> smallestNoiseMultiplier(double samplingRate, long rounds, double delta,
            double targetEpsilon, PrivacyAccountant empty) {
        if (!(targetEpsilon > 0) || Double.isInfinite(targetEpsilon)) {
            throw new IllegalArgumentException("target epsilon must be finite and above 0, was " + targetEpsilon);
        }
        Function<Double, PrivacySpent> spent =
                z -> empty.compose(new AccountingStep(samplingRate, z, rounds)).epsilon(delta);
        double hi = 1;
        PrivacySpent atHi = spent.apply(hi);
        double lo;
        if (atHi.epsilon() > targetEpsilon) {
            do {
                if (hi >= MAX_NOISE_MULTIPLIER) {
                    return Optional.empty();
                }
                lo = hi;
                hi = Math.min(MAX_NOISE_MULTIPLIER, hi * 2);
                atHi = spent.apply(hi);
            } while (atHi.epsilon() > targetEpsilon);
        } else {
            while (true) {
                if (hi <= MIN_NOISE_MULTIPLIER) {
                    return Optional.of(new Calibration(hi, atHi));
                }
                double next = Math.max(MIN_NOISE_MULTIPLIER, hi / 2);
                PrivacySpent atNext = spent.apply(next);
                if (atNext.epsilon() > targetEpsilon) {
                    lo = next;
                    break;
                }
                hi = next;
                atHi = atNext;
            }
        }
        while (hi / lo - 1 > RELATIVE_TOLERANCE) {
            double mid = Math.sqrt(lo * hi);
            PrivacySpent atMid = spent.apply(mid);
            if (atMid.epsilon() > targetEpsilon) {
                lo = mid;
            } else {
                hi = mid;
                atHi = atMid;
            }
        }
        return Optional.of(new Calibration(hi, atHi));
    }

    /**
     * A calibrated noise multiplier and what it spends.
     *
     * @param noiseMultiplier the smallest z found that meets the target (within the tolerance)
     * @param spent           the (ε, δ) it gives, ε at most the target
     */
    public record Calibration(double noiseMultiplier, PrivacySpent spent) {
    }
}
