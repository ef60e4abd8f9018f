package org.flotilla.coordinator.strategy;

/**
 * Arithmetic shared by the strategies, on flat float vectors. Accumulations run in double where
 * many terms are summed, so the order of updates does not change the result beyond float
 * rounding of the final value.
 */
public final class StrategyMath {

    private StrategyMath() {
    }

    /** {@code acc[i] += w * x[i]}. */
    public static void addScaled(double[] acc, float[] x, double w) {
        requireSameLength(acc.length, x.length);
        for (int i = 0; i < x.length; i++) {
            acc[i] += w * x[i];
        }
    }

    /** {@code base + scale * d} as a new float vector. */
    public static float[] plusScaled(float[] base, double[] d, double scale) {
        requireSameLength(base.length, d.length);
        float[] out = new float[base.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (base[i] + scale * d[i]);
        }
        return out;
    }

    /** {@code base + d} as a new float vector. */
    public static float[] plus(float[] base, float[] d) {
        requireSameLength(base.length, d.length);
        float[] out = new float[base.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = base[i] + d[i];
        }
        return out;
    }

    /** The L2 norm. */
    public static double l2Norm(float[] x) {
        double s = 0;
        for (float v : x) {
            s += (double) v * v;
        }
        return Math.sqrt(s);
    }

    /** The squared Euclidean distance. */
    public static double squaredDistance(float[] a, float[] b) {
        requireSameLength(a.length, b.length);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = (double) a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    /** A scaled copy. */
    public static float[] scaled(float[] x, double s) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) (x[i] * s);
        }
        return out;
    }

    /** A float copy of a double vector. */
    public static float[] toFloat(double[] x) {
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = (float) x[i];
        }
        return out;
    }

    public static void requireSameLength(int expected, int actual) {
        if (expected != actual) {
            throw new IllegalArgumentException("vector length " + actual + " does not match the model's " + expected);
        }
    }
}
