package org.flotilla.coordinator.strategy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Test inputs for strategies: seeded random deltas served through counting loaders, plus small
 * plain-double helpers the reference implementations share.
 */
final class Rounds {

    private Rounds() {
    }

    /** A round's updates with a load counter per client; clients are {@code c0, c1, …}. */
    static final class Counted {
        final float[][] deltas;
        final long[] examples;
        final AtomicIntegerArray loads;
        final UpdateSource source;

        Counted(float[][] deltas, long[] examples) {
            this.deltas = deltas;
            this.examples = examples;
            this.loads = new AtomicIntegerArray(deltas.length);
            List<ClientUpdate> list = new ArrayList<>();
            for (int k = 0; k < deltas.length; k++) {
                int client = k;
                list.add(new ClientUpdate(id(k), examples[k], null, () -> {
                    loads.incrementAndGet(client);
                    return deltas[client].clone();
                }));
            }
            this.source = UpdateSource.of(list);
        }

        void assertEachLoadedExactly(int times) {
            for (int k = 0; k < deltas.length; k++) {
                assertThat(loads.get(k)).as("loads of %s", id(k)).isEqualTo(times);
            }
        }
    }

    static String id(int k) {
        return "c" + k;
    }

    static RoundContext round(int r) {
        return new RoundContext(1L, r, 10, 42L + r);
    }

    /** {@code n} Gaussian vectors of length {@code d} with standard deviation {@code scale}. */
    static float[][] gaussian(Random random, int n, int d, double scale) {
        float[][] out = new float[n][d];
        for (float[] row : out) {
            for (int i = 0; i < d; i++) {
                row[i] = (float) (random.nextGaussian() * scale);
            }
        }
        return out;
    }

    static float[] gaussian(Random random, int d, double scale) {
        return gaussian(random, 1, d, scale)[0];
    }

    static long[] examples(Random random, int n) {
        long[] out = new long[n];
        for (int k = 0; k < n; k++) {
            out[k] = 1 + random.nextInt(1000);
        }
        return out;
    }

    static long[] ones(int n) {
        long[] out = new long[n];
        java.util.Arrays.fill(out, 1);
        return out;
    }

    /** Honest deltas {@code μ + noise} around a common direction, plus row 0 replaced by 100 × itself. */
    static float[][] withOneScaledBy100(Random random, int n, int d) {
        float[] mu = gaussian(random, d, 1.0);
        float[][] rows = gaussian(random, n, d, 0.1);
        for (float[] row : rows) {
            for (int i = 0; i < d; i++) {
                row[i] += mu[i];
            }
        }
        for (int i = 0; i < d; i++) {
            rows[0][i] *= 100;
        }
        return rows;
    }

    /** The unweighted mean of rows {@code from … n−1}, in double. */
    static double[] meanOfRowsFrom(float[][] rows, int from) {
        double[] m = new double[rows[0].length];
        for (int k = from; k < rows.length; k++) {
            for (int i = 0; i < m.length; i++) {
                m[i] += rows[k][i];
            }
        }
        for (int i = 0; i < m.length; i++) {
            m[i] /= rows.length - from;
        }
        return m;
    }

    static double distance(float[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }

    static double norm(double[] a) {
        double s = 0;
        for (double x : a) {
            s += x * x;
        }
        return Math.sqrt(s);
    }

    static double[] minus(float[] a, float[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = (double) a[i] - b[i];
        }
        return out;
    }

    /** Asserts {@code actual ≈ expected} coordinate-wise within {@code tolerance × max(1, |expected|)}. */
    static void assertClose(float[] actual, double[] expected, double tolerance) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            double allowed = tolerance * Math.max(1.0, Math.abs(expected[i]));
            assertThat((double) actual[i]).as("coordinate %d", i).isCloseTo(expected[i],
                    org.assertj.core.data.Offset.offset(allowed));
        }
    }

    static AggregationOutcome.NewModel newModel(AggregationOutcome outcome) {
        assertThat(outcome).isInstanceOf(AggregationOutcome.NewModel.class);
        return (AggregationOutcome.NewModel) outcome;
    }
}
