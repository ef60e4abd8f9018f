package org.flotilla.privacy.accounting.pld;

import java.util.function.DoublePredicate;
import java.util.function.DoubleUnaryOperator;
import org.flotilla.privacy.math.Erfc;
import org.flotilla.privacy.math.Fft;

/**
 * A discretised privacy loss distribution: the law of {@code L = log(P(X)/Q(X))} for X ~ P, with
 * mass {@code pmf[i]} at loss {@code (offset + i)·h}, plus mass at +∞ (outcomes only P produces).
 * For a composition the losses add, so composing two PLDs convolves them; δ(ε) is
 * {@code E[(1 - e^{ε - L})₊] + P(L = ∞)}.
 *
 * <p>Every step is pessimistic, so δ(ε) read from it bounds the true one from above: each
 * loss is rounded up to the grid; mass in the lower tail below {@link #TAIL_MASS} is moved up to
 * the lowest kept point and mass in the upper tail is moved to +∞, after discretisation and
 * after each convolution; negative values left by the FFT's rounding are set to 0, and a bound on
 * the L1 norm of its rounding error is carried in {@link #errorBound()} and added to δ. Immutable.
 */
final class PrivacyLossDistribution {

    /** Mass given up to a tail at each truncation. */
    static final double TAIL_MASS = 1e-15;
    /** The most grid points a distribution may hold (the transform then needs about 256 MiB). */
    static final int MAX_POINTS = 1 << 22;
    // The FFT's rounding error e of a convolution c = a * b (‖a‖₁, ‖b‖₁ ≤ 1) satisfies
    // ‖e‖₂ ≤ FFT_ERROR·log₂N·(‖a‖₂ + ‖b‖₂) (the usual forward-error bound of a transform,
    // Higham, "Accuracy and Stability of Numerical Algorithms", on the FFT, carried through the
    // product and the inverse), so ‖e‖₁ ≤ √(length)·‖e‖₂, and convolving with a probability vector
    // never increases an L1 error: the bounds add up. 8 ulps is about 25 times the largest error
    // measured against direct convolution (PrivacyLossDistributionTest checks the margin).
    static final double FFT_ERROR = 8 * 0x1p-52;

    private final double h;
    private final long offset;
    private final double[] pmf;
    private final double infinityMass;
    private final double errorBound;

    private PrivacyLossDistribution(double h, long offset, double[] pmf, double infinityMass, double errorBound) {
        this.h = h;
        this.offset = offset;
        this.pmf = pmf;
        this.infinityMass = infinityMass;
        this.errorBound = errorBound;
    }

    /** The distribution of a mechanism that leaks nothing: all mass at loss 0. */
    static PrivacyLossDistribution identity(double h) {
        return new PrivacyLossDistribution(h, 0, new double[] {1}, 0, 0);
    }

    /**
     * The sampled Gaussian mechanism with the sample's member removed: P = (1-q)N(0,σ²) + qN(1,σ²),
     * Q = N(0,σ²), so L(x) = log(1 - q + q·e^{(2x-1)/(2σ²)}), increasing in x, above log(1-q).
     */
    static PrivacyLossDistribution sampledGaussianRemove(double q, double sigma, double h) {
        double lower = q == 1 ? Double.NEGATIVE_INFINITY : Math.log1p(-q);
        DoubleUnaryOperator cdf = l -> {
            if (l <= lower) {
                return 0;
            }
            double x = inverseLoss(q, sigma, l);
            return (1 - q) * Erfc.normalCdf(x / sigma) + q * Erfc.normalCdf((x - 1) / sigma);
        };
        DoubleUnaryOperator sf = l -> {
            if (l <= lower) {
                return 1;
            }
            double x = inverseLoss(q, sigma, l);
            return (1 - q) * Erfc.normalCdf(-x / sigma) + q * Erfc.normalCdf(-(x - 1) / sigma);
        };
        return discretise(cdf, sf, lower, Double.POSITIVE_INFINITY, h);
    }

    /**
     * The sampled Gaussian mechanism with a member added: P = N(0,σ²), Q = (1-q)N(0,σ²) + qN(1,σ²),
     * so L(x) = -log(1 - q + q·e^{(2x-1)/(2σ²)}), decreasing in x, below -log(1-q).
     */
    static PrivacyLossDistribution sampledGaussianAdd(double q, double sigma, double h) {
        double upper = q == 1 ? Double.POSITIVE_INFINITY : -Math.log1p(-q);
        DoubleUnaryOperator cdf = l -> l >= upper ? 1 : Erfc.normalCdf(-inverseLoss(q, sigma, -l) / sigma);
        DoubleUnaryOperator sf = l -> l >= upper ? 0 : Erfc.normalCdf(inverseLoss(q, sigma, -l) / sigma);
        return discretise(cdf, sf, Double.NEGATIVE_INFINITY, upper, h);
    }

    /** x with log(1 - q + q·e^{(2x-1)/(2σ²)}) = l, for l above log(1-q). */
    private static double inverseLoss(double q, double sigma, double l) {
        // e^l - (1 - q) = expm1(l) + q, kept accurate near the lower end.
        return sigma * sigma * (Math.log(Math.expm1(l) + q) - Math.log(q)) + 0.5;
    }

    private static PrivacyLossDistribution discretise(DoubleUnaryOperator cdf, DoubleUnaryOperator sf, double lower,
            double upper, double h) {
        double lo = Double.isInfinite(lower) ? quantileBelow(cdf) : lower;
        double hi = Double.isInfinite(upper) ? quantileAbove(sf) : upper;
        long first = (long) Math.floor(lo / h);
        long last = (long) Math.ceil(hi / h);
        if (last - first + 1 > MAX_POINTS) {
            throw new IllegalArgumentException("the privacy loss of one round spans more than " + MAX_POINTS
                    + " grid points (the noise multiplier is too small for the PLD accountant); use the RDP accountant");
        }
        int n = (int) (last - first + 1);
        double[] pmf = new double[n];
        // Mass at or below the first point (the lower tail included) goes to the first point.
        pmf[0] = cdf.applyAsDouble(first * h);
        double previousCdf = pmf[0];
        double previousSf = sf.applyAsDouble(first * h);
        for (int i = 1; i < n; i++) {
            double l = (first + i) * h;
            double c = cdf.applyAsDouble(l);
            double s = sf.applyAsDouble(l);
            // Differences of whichever of CDF and survival function is small keep tail digits.
            pmf[i] = Math.max(0, c <= 0.5 ? c - previousCdf : previousSf - s);
            previousCdf = c;
            previousSf = s;
        }
        double infinity = Math.max(0, previousSf);
        return new PrivacyLossDistribution(h, first, pmf, infinity, 0).truncated();
    }

    /** A loss l with cdf(l) at most {@link #TAIL_MASS}, within a factor of two of the largest such. */
    private static double quantileBelow(DoubleUnaryOperator cdf) {
        double hi = -1e-3;
        while (cdf.applyAsDouble(hi) > TAIL_MASS) {
            hi *= 2;
        }
        return bisect(hi / 2, hi, l -> cdf.applyAsDouble(l) <= TAIL_MASS);
    }

    /** A loss l with sf(l) at most {@link #TAIL_MASS}. */
    private static double quantileAbove(DoubleUnaryOperator sf) {
        double hi = 1e-3;
        while (sf.applyAsDouble(hi) > TAIL_MASS) {
            hi *= 2;
        }
        return bisect(hi / 2, hi, l -> sf.applyAsDouble(l) <= TAIL_MASS);
    }

    /** Narrows [a, b] (b satisfying {@code ok}) towards the boundary; returns a point that satisfies it. */
    private static double bisect(double a, double b, DoublePredicate ok) {
        double good = b;
        double bad = a;
        for (int i = 0; i < 60; i++) {
            double mid = 0.5 * (good + bad);
            if (ok.test(mid)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        return good;
    }

    /** The distribution of the sum of this loss and {@code other}'s (independent). */
    PrivacyLossDistribution compose(PrivacyLossDistribution other) {
        if (Double.compare(h, other.h) != 0) {
            throw new IllegalArgumentException("grid spacings differ: " + h + " and " + other.h);
        }
        if ((long) pmf.length + other.pmf.length - 1 > MAX_POINTS) {
            throw new IllegalArgumentException("the composed privacy loss needs more than " + MAX_POINTS
                    + " grid points; use a coarser grid or the RDP accountant");
        }
        double[] c = Fft.convolve(pmf, other.pmf);
        int size = Fft.transformSize(pmf.length, other.pmf.length);
        double error = size == 1 ? 0
                : FFT_ERROR * log2(size) * (norm2(pmf) + norm2(other.pmf)) * Math.sqrt(c.length);
        double infinity = 1 - (1 - infinityMass) * (1 - other.infinityMass);
        return new PrivacyLossDistribution(h, offset + other.offset, c, infinity,
                errorBound + other.errorBound + error).truncated();
    }

    /** This distribution composed with itself {@code times} times, by repeated squaring. */
    PrivacyLossDistribution selfCompose(long times) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be at least 0, was " + times);
        }
        if (times == 0) {
            return identity(h);
        }
        PrivacyLossDistribution result = null;
        PrivacyLossDistribution power = this;
        long t = times;
        while (t > 0) {
            if ((t & 1) == 1) {
                result = result == null ? power : result.compose(power);
            }
            t >>= 1;
            if (t > 0) {
                power = power.compose(power);
            }
        }
        return result;
    }

    /** δ(ε), an upper bound on the hockey-stick divergence of the pair this distribution came from. */
    double delta(double epsilon) {
        double sum = 0;
        for (int i = pmf.length - 1; i >= 0; i--) {
            double l = (offset + i) * h;
            if (l <= epsilon) {
                break;
            }
            sum += pmf[i] * -Math.expm1(epsilon - l);
        }
        return Math.min(1, sum + infinityMass + errorBound);
    }

    /** The smallest ε ≥ 0 with δ(ε) at most {@code delta}; +∞ when there is none. */
    double epsilon(double delta) {
        if (infinityMass + errorBound >= delta) {
            return Double.POSITIVE_INFINITY;
        }
        if (delta(0) <= delta) {
            return 0;
        }
        double lo = 0;
        double hi = Math.max(h, (offset + pmf.length - 1) * h);
        for (int i = 0; i < 200 && hi - lo > 1e-12 * Math.max(1, hi); i++) {
            double mid = 0.5 * (lo + hi);
            if (delta(mid) <= delta) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }

    /** Grid points held (for tests and sizing). */
    int size() {
        return pmf.length;
    }

    double infinityMass() {
        return infinityMass;
    }

    double errorBound() {
        return errorBound;
    }

    /** The total finite mass (1 - P(L = ∞) up to rounding). */
    double finiteMass() {
        double sum = 0;
        for (double p : pmf) {
            sum += p;
        }
        return sum;
    }

    /** Negative rounding residue set to 0; tails beyond {@link #TAIL_MASS} moved up (lower) or to +∞ (upper). */
    private PrivacyLossDistribution truncated() {
        double[] p = pmf.clone();
        for (int i = 0; i < p.length; i++) {
            if (p[i] < 0) {
                p[i] = 0;
            }
        }
        int top = p.length - 1;
        double upperTail = 0;
        while (top > 0 && upperTail + p[top] <= TAIL_MASS) {
            upperTail += p[top];
            top--;
        }
        int bottom = 0;
        double lowerTail = 0;
        while (bottom < top && lowerTail + p[bottom] <= TAIL_MASS) {
            lowerTail += p[bottom];
            bottom++;
        }
        double[] kept = new double[top - bottom + 1];
        System.arraycopy(p, bottom, kept, 0, kept.length);
        kept[0] += lowerTail;
        return new PrivacyLossDistribution(h, offset + bottom, kept, infinityMass + upperTail, errorBound);
    }

    private static double norm2(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    private static double log2(int n) {
        return Math.max(1, 31 - Integer.numberOfLeadingZeros(n));
    }
}
