package org.flotilla.privacy.math;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Linear convolution of non-negative real sequences by an iterative radix-2 fast Fourier
 * transform (Cooley and Tukey 1965), which the privacy-loss-distribution accountant uses to
 * compose rounds. Twiddle factors are computed directly with {@code cos}/{@code sin}, not by
 * recurrence, which keeps the relative rounding error of the transform near ε·log₂N.
 */
public final class Fft {

    private Fft() {
    }

    /**
     * The linear convolution {@code c[k] = Σ a[i]·b[k-i]}, of length
     * {@code a.length + b.length - 1}; small negative values that rounding can leave are kept,
     * the caller decides what to do with them.
     */
    public static double[] convolve(double[] a, double[] b) {
        int length = a.length + b.length - 1;
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("cannot convolve an empty sequence");
        }
        if ((long) a.length * b.length <= 4096) {
            return direct(a, b);
        }
        int n = Integer.highestOneBit(length - 1) << 1;
        if (n <= 0) {
            throw new IllegalArgumentException("convolution of length " + length + " is too long");
        }
        // Both real inputs in one complex transform: z = a + i·b, then
        // A_k = (Z_k + conj Z_{n-k})/2 and B_k = (Z_k - conj Z_{n-k})/(2i).
        double[] re = new double[n];
        double[] im = new double[n];
        System.arraycopy(a, 0, re, 0, a.length);
        System.arraycopy(b, 0, im, 0, b.length);
        double[][] twiddles = twiddles(n);
        transform(re, im, twiddles, false);
        double[] pr = new double[n];
        double[] pi = new double[n];
        for (int k = 0; k < n; k++) {
            int m = (n - k) & (n - 1);
            double ar = 0.5 * (re[k] + re[m]);
            double ai = 0.5 * (im[k] - im[m]);
            double br = 0.5 * (im[k] + im[m]);
            double bi = -0.5 * (re[k] - re[m]);
            pr[k] = ar * br - ai * bi;
            pi[k] = ar * bi + ai * br;
        }
        transform(pr, pi, twiddles, true);
        double[] c = new double[length];
        for (int i = 0; i < length; i++) {
            c[i] = pr[i] / n;
        }
        return c;
    }

    /** The size of the transform {@link #convolve} uses for sequences of these lengths (1 if direct). */
    public static int transformSize(int lengthA, int lengthB) {
        if ((long) lengthA * lengthB <= 4096) {
            return 1;
        }
        return Integer.highestOneBit(lengthA + lengthB - 2) << 1;
    }

    private static double[] direct(double[] a, double[] b) {
        double[] c = new double[a.length + b.length - 1];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b.length; j++) {
                c[i + j] += a[i] * b[j];
            }
        }
        return c;
    }

    private static final Map<Integer, double[][]> TWIDDLES = new ConcurrentHashMap<>();

    private static final int MAX_CACHED = 1 << 20;

    /** Cached up to 2^20 points (16 MiB), so a long-running process does not keep the largest tables. */
    private static double[][] twiddles(int n) {
        return n <= MAX_CACHED ? TWIDDLES.computeIfAbsent(n, Fft::computeTwiddles) : computeTwiddles(n);
    }

    private static double[][] computeTwiddles(int n) {
        double[] cos = new double[n / 2];
        double[] sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            double angle = 2 * Math.PI * k / n;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
        return new double[][] {cos, sin};
    }

    private static void transform(double[] re, double[] im, double[][] twiddles, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        double[] cos = twiddles[0];
        double[] sin = twiddles[1];
        double sign = inverse ? 1 : -1;
        for (int size = 2; size <= n; size <<= 1) {
            int half = size >> 1;
            int step = n / size;
            for (int start = 0; start < n; start += size) {
                for (int k = 0; k < half; k++) {
                    double wr = cos[k * step];
                    double wi = sign * sin[k * step];
                    int p = start + k;
                    int q = p + half;
                    double xr = re[q] * wr - im[q] * wi;
                    double xi = re[q] * wi + im[q] * wr;
                    re[q] = re[p] - xr;
                    im[q] = im[p] - xi;
                    re[p] += xr;
                    im[p] += xi;
                }
            }
        }
    }
}
