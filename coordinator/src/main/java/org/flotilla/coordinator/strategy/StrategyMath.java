package org.flotilla.coordinator.strategy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Arithmetic shared by the strategies, on flat float vectors. Accumulations run in double where
 * many terms are summed, so the order of updates does not change the result beyond float
 * rounding of the final value.
 */
public final class StrategyMath {

    /**
     * Floats per block when transposing client rows into coordinate columns (16 KiB, so a block
     * stays in a core's L1 cache while it is sorted).
     */
    static final int COLUMN_BLOCK_FLOATS = 4096;

    private StrategyMath() {
    }

    /** Reduces one sorted coordinate column {@code sorted[from .. from + count)} to a value. */
    @FunctionalInterface
    public interface ColumnReducer {
        double reduce(float[] sorted, int from, int count);
    }

    /**
     * The example-weighted mean of the deltas, {@code Σ n_k Δ_k / Σ n_k}, streaming: each update is
     * folded in exactly once, so memory is O(model). Null when there are no updates. FedAvg's
     * aggregate and the server optimizers' pseudo-gradient.
     *
     * <p>When every update is stored ({@link ClientUpdate#stored}), they are folded block by block:
     * {@link #FOLD_BLOCK} coordinates of every update in turn, so the accumulator's block stays in a
     * core's cache while the updates stream past, instead of the whole accumulator going through
     * memory once per update. Each coordinate sums the updates in the same order either way, so the
     * result is the same to the last bit.
     */
    public static double[] exampleWeightedMean(int length, UpdateSource updates) {
        List<ClientUpdate> list = updates.toList();
        if (list.isEmpty()) {
            return null;
        }
        double[] acc = new double[length];
        long total = 0;
        for (ClientUpdate u : list) {
            total = Math.addExact(total, u.examples()); // bounded per update at acceptance; never wraps
        }
        if (list.stream().allMatch(u -> u.stored() != null)) {
            foldBlocks(acc, list);
        } else {
            for (ClientUpdate u : list) {
                u.addScaledTo(acc, u.examples());
            }
        }
        for (int i = 0; i < acc.length; i++) {
            acc[i] /= total;
        }
        return acc;
    }

    /** Coordinates per block when folding stored updates: the accumulator's 256 KiB stays in L2. */
    static final int FOLD_BLOCK = 32 * 1024;

    /** Stored updates open at once while folding block by block: each holds a file open. */
    static final int FOLD_GROUP = 64;

    private static void foldBlocks(double[] acc, List<ClientUpdate> updates) {
        for (int first = 0; first < updates.size(); first += FOLD_GROUP) {
            foldGroup(acc, updates.subList(first, Math.min(updates.size(), first + FOLD_GROUP)));
        }
    }

    private static void foldGroup(double[] acc, List<ClientUpdate> updates) {
        List<ClientUpdate.RangeFolder> open = new ArrayList<>(updates.size());
        Throwable primary = null;
        try {
            for (ClientUpdate u : updates) {
                open.add(u.stored().open());
            }
            for (int from = 0; from < acc.length; from += FOLD_BLOCK) {
                int to = Math.min(acc.length, from + FOLD_BLOCK);
                for (int k = 0; k < open.size(); k++) {
                    open.get(k).addScaled(acc, updates.get(k).examples(), from, to);
                }
            }
        } catch (Throwable t) {
            primary = t;
            throw t;
        } finally {
            closeAll(open, primary);
        }
    }

    /** Closes every folder; a failure is added to {@code primary}, or thrown after all are closed. */
    private static void closeAll(List<ClientUpdate.RangeFolder> folders, Throwable primary) {
        RuntimeException first = null;
        for (ClientUpdate.RangeFolder f : folders) {
            try {
                f.close();
            } catch (RuntimeException e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Every delta in memory, in the source's order: O(clients × model). For the robust strategies,
     * which need all updates at once.
     */
    public static float[][] loadAll(int length, UpdateSource updates) {
        float[][] rows = new float[updates.size()][];
        int k = 0;
        for (ClientUpdate u : updates) {
            float[] d = u.delta();
            requireSameLength(length, d.length);
            rows[k++] = d;
        }
        return k == rows.length ? rows : Arrays.copyOf(rows, k);
    }

    /**
     * Applies {@code reducer} to every coordinate's column of values across the rows, sorted
     * ascending. Rows are transposed block by block into one reusable buffer (reading each row
     * sequentially) and each column is sorted in place, so there is no allocation per coordinate.
     */
    public static double[] reduceSortedColumns(float[][] rows, int length, ColumnReducer reducer) {
        int n = rows.length;
        if (n == 0) {
            throw new IllegalArgumentException("no rows to reduce");
        }
        for (float[] row : rows) {
            requireSameLength(length, row.length);
        }
        double[] out = new double[length];
        int block = Math.max(1, COLUMN_BLOCK_FLOATS / n);
        float[] columns = new float[Math.min(block, length) * n];
        for (int start = 0; start < length; start += block) {
            int width = Math.min(block, length - start);
            for (int k = 0; k < n; k++) {
                float[] row = rows[k];
                for (int j = 0; j < width; j++) {
                    columns[j * n + k] = row[start + j];
                }
            }
            for (int j = 0; j < width; j++) {
                int from = j * n;
                Arrays.sort(columns, from, from + n);
                out[start + j] = reducer.reduce(columns, from, n);
            }
        }
        return out;
    }

    /** The median of a sorted run; the mean of the two middle values when {@code count} is even. */
    public static double sortedMedian(float[] sorted, int from, int count) {
        int mid = from + count / 2;
        return count % 2 == 1 ? sorted[mid] : ((double) sorted[mid - 1] + sorted[mid]) / 2;
    }

    /** The mean of a sorted run without its {@code trim} smallest and {@code trim} largest values. */
    public static double sortedTrimmedMean(float[] sorted, int from, int count, int trim) {
        if (2 * trim >= count) {
            throw new IllegalArgumentException("cannot trim " + trim + " from each end of " + count + " values");
        }
        double s = 0;
        for (int i = from + trim; i < from + count - trim; i++) {
            s += sorted[i];
        }
        return s / (count - 2 * trim);
    }

    /** The unweighted mean of the chosen rows. */
    public static double[] meanOfRows(float[][] rows, int[] chosen, int length) {
        double[] acc = new double[length];
        for (int k : chosen) {
            addScaled(acc, rows[k], 1.0);
        }
        for (int i = 0; i < length; i++) {
            acc[i] /= chosen.length;
        }
        return acc;
    }

    /** {@code m ← β·m + (1 − β)·g}, in place: an exponential moving average. */
    public static void movingAverage(double[] m, double[] g, double beta) {
        requireSameLength(m.length, g.length);
        for (int i = 0; i < m.length; i++) {
            m[i] = beta * m[i] + (1 - beta) * g[i];
        }
    }

    /** The adaptive step {@code w + η·m / (√v + τ)} as a new float vector. */
    public static float[] adaptiveStep(float[] w, double[] m, double[] v, double eta, double tau) {
        requireSameLength(w.length, m.length);
        requireSameLength(w.length, v.length);
        float[] out = new float[w.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (w[i] + eta * m[i] / (Math.sqrt(v[i]) + tau));
        }
        return out;
    }

    /** A double copy of a float vector. */
    public static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }

    /** A vector of {@code length} copies of {@code value}. */
    public static double[] filled(int length, double value) {
        double[] out = new double[length];
        Arrays.fill(out, value);
        return out;
    }

    /** Scales {@code x} in place by {@code s}. */
    public static void scaleInPlace(float[] x, double s) {
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (x[i] * s);
        }
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
