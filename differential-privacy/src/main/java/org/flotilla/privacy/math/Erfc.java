package org.flotilla.privacy.math;

/**
 * The complementary error function {@code erfc(x) = 2/√π ∫ₓ^∞ e^{-t²} dt} and its logarithm,
 * accurate to about 1e-14 relative over the whole real line. {@link #logErfc(double)} stays
 * finite where {@code erfc} itself underflows (x above about 26), which the sampled Gaussian
 * mechanism's series for fractional orders needs.
 *
 * <p>Two classical expansions (Abramowitz and Stegun 1964, 7.1.6 and 7.1.14): for |x| below 2 the
 * series {@code erf(x) = 2/√π e^{-x²} Σ 2ⁿ x^{2n+1} / (1·3·…·(2n+1))}, whose terms are all positive,
 * so nothing cancels; from 2 on the continued fraction
 * {@code erfc(x) = e^{-x²}/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + …))))}, evaluated with the
 * modified Lentz method (Press et al., Numerical Recipes, 3rd ed., §5.2).
 */
public final class Erfc {

    private static final double LOG_SQRT_PI = 0.5 * Math.log(Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double SERIES_LIMIT = 2.0;
    private static final double TINY = 1e-300;
    private static final int MAX_TERMS = 500;

    private Erfc() {
    }

    /** {@code erfc(x)}; 0 when it underflows, 2 for large negative x. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x < 0) {
            return 2 - erfc(-x);
        }
        if (x < SERIES_LIMIT) {
            return 1 - erfSeries(x);
        }
        return Math.exp(-x * x - LOG_SQRT_PI + Math.log(continuedFraction(x)));
    }

    /** {@code log(erfc(x))}, finite for every finite x. */
    public static double logErfc(double x) {
        if (Double.isNaN(x)) {
            return Double.NaN;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x < SERIES_LIMIT) {
            return Math.log(erfc(x));
        }
        return -x * x - LOG_SQRT_PI + Math.log(continuedFraction(x));
    }

    /** {@code log(Φ(x))}, the log of the standard normal distribution function. */
    public static double logNormalCdf(double x) {
        return Math.log(0.5) + logErfc(-x / Math.sqrt(2));
    }

    /** {@code Φ(x)}, the standard normal distribution function. */
    public static double normalCdf(double x) {
        return 0.5 * erfc(-x / Math.sqrt(2));
    }

    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < MAX_TERMS; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** {@code √π e^{x²} erfc(x)} for x ≥ 2, by the modified Lentz method. */
    private static double continuedFraction(double x) {
        // K = 1/(x + a1/(x + a2/(x + …))) with a_n = n/2; Lentz evaluates b0 + a1/(b1 + …) with
        // b0 = 0 folded into the first step.
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < MAX_TERMS; n++) {
            double a = n / 2.0;
            d = x + a * d;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = x + a / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 / f;
    }
}
