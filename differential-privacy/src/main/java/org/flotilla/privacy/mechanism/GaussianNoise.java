package org.flotilla.privacy.mechanism;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Gaussian noise for the mechanisms, from a cryptographically secure generator: the JDK's
 * {@code DRBG} {@link SecureRandom} (NIST SP 800-90A, seeded by the operating system), read in
 * blocks, turned into 53-bit uniform doubles and then into standard normal variates by
 * Marsaglia's polar method (Knuth, TAOCP vol. 2, §3.4.1, Algorithm P). Noise that an observer can
 * predict protects nothing, so there is deliberately no seeded constructor: tests check the
 * distribution statistically.
 *
 * <p><b>Floating point.</b> Mironov 2012 ("On Significance of the Least Significant Bits for
 * Differential Privacy") showed that textbook floating-point noise leaks the input through the
 * low-order bits of {@code x + noise}: which doubles can come out depends on x. {@link #addTo}
 * therefore snaps, in the manner of Mironov's snapping mechanism and of the granularity of
 * Google's differential-privacy library: the input is rounded to a grid of spacing
 * Λ = 2^(⌊log₂σ⌋ - 39) (about σ/2⁴⁰), the noise is rounded to the same grid, and the two are
 * added exactly, so every output is a grid point and the set of outputs no longer depends on the
 * input's low bits. The output is the Gaussian mechanism on the rounded input, rounded again —
 * post-processing — and rounding the inputs can move two neighbouring sums of d coordinates at
 * most Λ√d further apart than C, about 2⁻⁴⁰·z·C·√d, negligible for any model size. This closes the attack Mironov describes; it does not make the polar method's
 * floating-point distribution exactly Gaussian (an exact discrete Gaussian sampler, Canonne,
 * Kamath and Steinke 2020, would). See {@code docs/privacy.md}.
 *
 * <p>Thread-safe; one instance may serve a whole process.
 */
public final class GaussianNoise {

    private static final int BLOCK = 8192;
    private static final double TWO_TO_MINUS_53 = 0x1p-53;
    private static final int GRID_BITS = 39;

    private final SecureRandom random;
    private final byte[] block = new byte[BLOCK];
    private int position = BLOCK;
    private double spare;
    private boolean hasSpare;

    /** Noise from the given secure generator (e.g. a {@code DRBG} or {@code NativePRNG} instance). */
    public GaussianNoise(SecureRandom random) {
        if (random == null) {
            throw new IllegalArgumentException("random must not be null");
        }
        this.random = random;
    }

    /** Noise from the JDK's {@code DRBG}, or the platform default when that is unavailable. */
    public static GaussianNoise secure() {
        try {
            return new GaussianNoise(SecureRandom.getInstance("DRBG"));
        } catch (NoSuchAlgorithmException e) {
            return new GaussianNoise(new SecureRandom());
        }
    }

    /** A standard normal variate. */
    public synchronized double nextStandard() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextUniform() - 1;
            v = 2 * nextUniform() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        spare = v * factor;
        hasSpare = true;
        return u * factor;
    }

    /** A draw from N(0, stddev²), not snapped. */
    public double sample(double stddev) {
        checkStddev(stddev);
        return stddev * nextStandard();
    }

    /**
     * Adds independent N(0, stddev²) noise to every coordinate of {@code values}, in place,
     * snapped to the grid {@link #granularity(double)} as described above.
     */
    public void addTo(double[] values, double stddev) {
        checkStddev(stddev);
        double grid = granularity(stddev);
        for (int i = 0; i < values.length; i++) {
            double x = values[i];
            if (!Double.isFinite(x)) {
                throw new IllegalArgumentException("value " + i + " is not finite: " + x);
            }
            values[i] = grid * Math.rint(x / grid) + grid * Math.rint(stddev * nextStandard() / grid);
        }
    }

    /** The grid spacing Λ = 2^(⌊log₂ stddev⌋ - 39) that {@link #addTo} snaps to. */
    public static double granularity(double stddev) {
        checkStddev(stddev);
        return Math.scalb(1.0, Math.getExponent(stddev) - GRID_BITS);
    }

    private double nextUniform() {
        if (position + Long.BYTES > BLOCK) {
            random.nextBytes(block);
            position = 0;
        }
        long bits = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            bits = (bits << 8) | (block[position++] & 0xFF);
        }
        return (bits >>> 11) * TWO_TO_MINUS_53;
    }

    private static void checkStddev(double stddev) {
        if (!(stddev > 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException("noise standard deviation must be finite and above 0, was " + stddev);
        }
    }
}
