package org.flotilla.privacy.accounting;

import java.util.Arrays;

/**
 * The Rényi orders α over which the accountant keeps its bound. Fractional orders matter: for
 * the small ε that federated jobs aim for, the best order usually lies between 2 and 20, where a
 * grid of integers alone loses up to a few percent of ε.
 *
 * @param values strictly increasing orders, each above 1 and at most {@value #MAX_ORDER}
 */
public record RdpOrders(double[] values) {

    /**
     * 1.1, 1.2, …, 10.9 (the fractional part of the grid of Opacus' and TensorFlow Privacy's
     * accountants), then 11, 12, …, 63 and 64, 128, 256, 512, 1024 for very small ε.
     */
    public static final RdpOrders DEFAULT = new RdpOrders(defaultGrid());

    /** The largest order accepted; the sum for an integer order has α + 1 terms. */
    public static final double MAX_ORDER = 10_000;

    public RdpOrders {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("orders must not be empty");
        }
        values = values.clone();
        double previous = 1;
        for (double alpha : values) {
            if (!(alpha > previous) || !(alpha <= MAX_ORDER)) {
                throw new IllegalArgumentException("orders must be above 1, at most " + (int) MAX_ORDER
                        + " and strictly increasing: " + Arrays.toString(values));
            }
            previous = alpha;
        }
    }

    /** The orders as given (a copy). */
    @Override
    public double[] values() {
        return values.clone();
    }

    /** How many orders. */
    public int size() {
        return values.length;
    }

    /** The i-th order. */
    public double get(int i) {
        return values[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RdpOrders other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "RdpOrders" + Arrays.toString(values);
    }

    private static double[] defaultGrid() {
        double[] grid = new double[99 + 53 + 5];
        int i = 0;
        for (int x = 1; x < 100; x++) {
            grid[i++] = 1 + x / 10.0;
        }
        for (int a = 11; a < 64; a++) {
            grid[i++] = a;
        }
        for (int a : new int[] {64, 128, 256, 512, 1024}) {
            grid[i++] = a;
        }
        return grid;
    }
}
