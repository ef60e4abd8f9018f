package org.flotilla.datasets;

/**
 * The feature values of a {@link LabeledDataset}: rows of floats laid end to end, stored either as
 * floats ({@link FloatFeatures}) or, for images, as unsigned bytes with a divisor
 * ({@link UbyteFeatures}, a quarter of the memory). Every reader sees floats: a byte {@code b}
 * reads as {@code (b & 0xFF) / divisor}, the same float that the IDX and client-folder readers
 * stored when they converted images to floats on loading.
 *
 * <p>Implementations hold their array without copying it; callers must not change it afterwards.
 */
public sealed interface Features permits FloatFeatures, UbyteFeatures {

    /** Features held as the given floats (not copied). */
    static Features ofFloats(float[] values) {
        return new FloatFeatures(values);
    }

    /**
     * Features held as unsigned bytes (not copied), each read as {@code (b & 0xFF) / divisor}.
     *
     * @param divisor positive and finite, e.g. 255 for pixels scaled to [0, 1]
     */
    static Features ofUbytes(byte[] values, float divisor) {
        return new UbyteFeatures(values, divisor);
    }

    /** Number of values (examples × features per example). */
    int length();

    /** Copies {@code count} values starting at {@code from}, as floats, into {@code target} at {@code offset}. */
    void copyTo(int from, float[] target, int offset, int count);

    /**
     * A new store of the same kind holding copies of rows {@code rows} (each {@code rowLength}
     * values), in the given order.
     *
     * @throws IndexOutOfBoundsException if a row is outside the store
     */
    Features gather(int[] rows, int rowLength);

    /**
     * All values as floats. A float store returns its own array (read-only by contract, no copy);
     * a byte store converts into a new array each call, 4 bytes per value.
     */
    float[] toFloats();

    /** Bytes of memory the values take (4 per float, 1 per byte). */
    long storageBytes();
}
