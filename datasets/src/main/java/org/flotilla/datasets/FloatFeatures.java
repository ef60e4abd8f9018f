package org.flotilla.datasets;

import java.util.Objects;

/** {@link Features} held as a {@code float[]}: any data (CSV, synthetic, decoded images). */
public final class FloatFeatures implements Features {

    private final float[] values;

    FloatFeatures(float[] values) {
        this.values = Objects.requireNonNull(values, "values");
    }

    @Override
    public int length() {
        return values.length;
    }

    @Override
    public void copyTo(int from, float[] target, int offset, int count) {
        System.arraycopy(values, from, target, offset, count);
    }

    @Override
    public Features gather(int[] rows, int rowLength) {
        float[] out = new float[Math.multiplyExact(rows.length, rowLength)];
        int n = values.length / Math.max(1, rowLength);
        for (int i = 0; i < rows.length; i++) {
            Objects.checkIndex(rows[i], n);
            System.arraycopy(values, rows[i] * rowLength, out, i * rowLength, rowLength);
        }
        return new FloatFeatures(out);
    }

    @Override
    public float[] toFloats() {
        return values;
    }

    @Override
    public long storageBytes() {
        return 4L * values.length;
    }

    @Override
    public String toString() {
        return "FloatFeatures[" + values.length + "]";
    }
}
