package org.flotilla.datasets.idx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The content of one IDX file: element type, dimensions and the payload as raw big-endian bytes,
 * which keeps {@code ubyte} images at one byte per pixel until they are converted.
 */
public final class IdxArray {

    private final IdxType type;
    private final int[] dims;
    private final byte[] payload;

    /**
     * Creates an array over a raw big-endian payload, which is not copied.
     *
     * @throws IllegalArgumentException if the payload length is not the product of the dimensions
     *     times the element size
     */
    public IdxArray(IdxType type, int[] dims, byte[] payload) {
        if (type == null || dims == null || payload == null) {
            throw new IllegalArgumentException("type, dims and payload must not be null");
        }
        long expected = elementCount(dims) * type.size();
        if (expected != payload.length) {
            throw new IllegalArgumentException("payload has " + payload.length + " bytes, dimensions "
                    + describe(dims) + " of " + type + " need " + expected);
        }
        this.type = type;
        this.dims = dims.clone();
        this.payload = payload;
    }

    /** An unsigned-byte array; values are taken modulo 256. */
    public static IdxArray ofUbytes(int[] dims, byte[] values) {
        return new IdxArray(IdxType.UBYTE, dims, values);
    }

    /** A float32 array. */
    public static IdxArray ofFloats(int[] dims, float[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.BIG_ENDIAN);
        buffer.asFloatBuffer().put(values);
        return new IdxArray(IdxType.FLOAT, dims, buffer.array());
    }

    /** A 32-bit integer array. */
    public static IdxArray ofInts(int[] dims, int[] values) {
        ByteBuffer buffer = ByteBuffer.allocate(Math.multiplyExact(values.length, 4)).order(ByteOrder.BIG_ENDIAN);
        buffer.asIntBuffer().put(values);
        return new IdxArray(IdxType.INT, dims, buffer.array());
    }

    /** Element type. */
    public IdxType type() {
        return type;
    }

    /** Dimensions, outermost first (e.g. {@code [60000, 28, 28]}); a copy. */
    public int[] dims() {
        return dims.clone();
    }

    /** Raw big-endian payload; read-only by contract. */
    public byte[] payload() {
        return payload;
    }

    /** Number of elements, the product of the dimensions. */
    public int elementCount() {
        return (int) elementCount(dims);
    }

    /** All elements as floats; {@code ubyte} values become 0..255 (not scaled). */
    public float[] toFloats() {
        int n = elementCount();
        float[] out = new float[n];
        ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
        switch (type) {
            case UBYTE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = payload[i] & 0xFF;
                }
            }
            case BYTE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = payload[i];
                }
            }
            case SHORT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buffer.getShort(2 * i);
                }
            }
            case INT -> {
                for (int i = 0; i < n; i++) {
                    out[i] = buffer.getInt(4 * i);
                }
            }
            case FLOAT -> buffer.asFloatBuffer().get(out);
            case DOUBLE -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) buffer.getDouble(8 * i);
                }
            }
        }
        return out;
    }

    /**
     * All elements as ints, for labels.
     *
     * @throws IllegalStateException if the element type is a floating-point type
     */
    public int[] toInts() {
        if (!type.isInteger()) {
            throw new IllegalStateException("IDX elements of type " + type + " are not integers");
        }
        int n = elementCount();
        int[] out = new int[n];
        ByteBuffer buffer = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
        for (int i = 0; i < n; i++) {
            out[i] = switch (type) {
                case UBYTE -> payload[i] & 0xFF;
                case BYTE -> payload[i];
                case SHORT -> buffer.getShort(2 * i);
                default -> buffer.getInt(4 * i);
            };
        }
        return out;
    }

    @Override
    public String toString() {
        return "IdxArray[" + type + " " + describe(dims) + "]";
    }

    static long elementCount(int[] dims) {
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        return count;
    }

    /** Dimensions written as {@code 10000x28x28}. */
    static String describe(int[] dims) {
        return Arrays.stream(dims).mapToObj(Integer::toString).collect(Collectors.joining("x"));
    }
}
