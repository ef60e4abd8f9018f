package org.flotilla.privacy.math;

/**
 * Arithmetic on numbers held as their natural logarithms, so that sums of terms such as
 * {@code exp(700)} or {@code exp(-900)} neither overflow nor underflow. {@code -∞} stands for 0.
 */
public final class LogMath {

    private LogMath() {
    }

    /** {@code log(exp(logX) + exp(logY))}. */
    public static double add(double logX, double logY) {
        double hi = Math.max(logX, logY);
        double lo = Math.min(logX, logY);
        if (lo == Double.NEGATIVE_INFINITY) {
            return hi;
        }
        if (hi == Double.POSITIVE_INFINITY) {
            return hi;
        }
        return hi + Math.log1p(Math.exp(lo - hi));
    }

    /**
     * {@code log(exp(logX) - exp(logY))} for {@code logX >= logY}; {@code -∞} when they are equal.
     *
     * @throws IllegalArgumentException when the difference would be negative
     */
    public static double subtract(double logX, double logY) {
        if (logY > logX) {
            throw new IllegalArgumentException("log-space difference would be negative: " + logX + " < " + logY);
        }
        if (logY == Double.NEGATIVE_INFINITY) {
            return logX;
        }
        if (logX == logY) {
            return Double.NEGATIVE_INFINITY;
        }
        // log(x - y) = log x + log(1 - y/x); expm1 keeps precision when y/x is close to 1.
        double d = logY - logX;
        return logX + (d > -0.693 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
    }
}
