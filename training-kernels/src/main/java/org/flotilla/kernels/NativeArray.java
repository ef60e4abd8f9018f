package org.flotilla.kernels;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A contiguous float32 ND4J array seen three ways: as the array (for libnd4j operations), as a
 * native pointer (for BLAS) and as a direct buffer (for the small element-wise loops done in Java).
 * All three address the same memory; the array is kept reachable so the memory stays alive.
 */
final class NativeArray {

    final INDArray array;
    final FloatPointer pointer;
    final FloatBuffer buffer;

    private NativeArray(INDArray array) {
        if (array.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("float32 arrays only, was " + array.dataType());
        }
        if (!isContiguous(array)) {
            throw new IllegalArgumentException("array must be contiguous in memory: " + array.shapeInfoToString());
        }
        this.array = array;
        long length = array.length();
        long start = array.data().address() + array.offset() * Float.BYTES;
        this.pointer = new FloatPointer(new Pointer() {
            {
                this.address = start;
            }
        }).capacity(length).limit(length);
        this.buffer = pointer.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /** Wraps a contiguous float32 array (a parameter view or a buffer this package allocated). */
    static NativeArray of(INDArray array) {
        return new NativeArray(array);
    }

    /**
     * Frees {@code a}'s native memory now. Only for arrays this package allocated outside any
     * workspace; a view or a workspace array is left to its owner.
     */
    static void release(INDArray a) {
        if (a.closeable()) {
            a.close();
        }
    }

    /** Whether {@code a}'s elements occupy one gap-free block (c order, or a vector/column view). */
    static boolean isContiguous(INDArray a) {
        if (a.length() <= 1) {
            return true;
        }
        long[] shape = a.shape();
        long[] stride = a.stride();
        char order = a.ordering();
        long expected = 1;
        if (order == 'c') {
            for (int i = shape.length - 1; i >= 0; i--) {
                if (shape[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        } else {
            for (int i = 0; i < shape.length; i++) {
                if (shape[i] != 1 && stride[i] != expected) {
                    return false;
                }
                expected *= shape[i];
            }
        }
        return true;
    }
}
