package org.flotilla.kernels;

import java.nio.FloatBuffer;
import java.util.List;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A fully connected layer {@code z = x·W + b} with ReLU or identity (the softmax of an output
 * layer is applied by {@link FastTrainer}). Activations are row-major {@code [batch, width]}; the
 * weights are DL4J's {@code 'f'}-ordered {@code [nIn, nOut]} view, updated in place. The SGD step
 * is folded into the weight-gradient GEMM ({@code W ← W − (lr/B)·xᵀδ}, β = 1), so no gradient
 * array is ever formed. A forward-only layer ({@link #forwardOnly}) has no delta buffers.
 */
final class DenseKernel {

    final int nIn;
    final int nOut;
    final boolean relu;
    private final NativeArray weights;
    private final NativeArray bias;
    /** Post-activation output, {@code [maxBatch, nOut]}. */
    final NativeArray out;
    /** dLoss/dz for the current batch, {@code [maxBatch, nOut]}. */
    final NativeArray delta;
    /** Ones, {@code [maxBatch]}: the bias gradient is {@code δᵀ·1}, one GEMV. */
    private final NativeArray ones;
    /** Heap copies for the element-wise loops, which C2 vectorises on arrays but not on direct buffers. */
    private final float[] biasHeap;
    private final float[] outHeap;
    private final float[] deltaHeap;

    DenseKernel(INDArray w, INDArray b, boolean relu, int maxBatch) {
        this(w, b, relu, maxBatch, false);
    }

    /** A layer for inference only: {@link #forward} and {@link #out}, no delta buffers. */
    static DenseKernel forwardOnly(INDArray w, INDArray b, boolean relu, int maxBatch) {
        return new DenseKernel(w, b, relu, maxBatch, true);
    }

    private DenseKernel(INDArray w, INDArray b, boolean relu, int maxBatch, boolean forwardOnly) {
        if (w.rank() != 2 || w.ordering() != 'f' || !NativeArray.isContiguous(w)) {
            throw new IllegalArgumentException("dense weights must be a contiguous 'f' [nIn, nOut] view");
        }
        this.nIn = (int) w.size(0);
        this.nOut = (int) w.size(1);
        this.relu = relu;
        this.weights = NativeArray.of(w);
        this.bias = NativeArray.of(b);
        this.out = NativeArray.of(Nd4j.create(DataType.FLOAT, maxBatch, nOut));
        this.biasHeap = new float[nOut];
        this.outHeap = new float[maxBatch * nOut];
        this.delta = forwardOnly ? null : NativeArray.of(Nd4j.create(DataType.FLOAT, maxBatch, nOut));
        this.ones = forwardOnly ? null : NativeArray.of(Nd4j.ones(DataType.FLOAT, maxBatch));
        this.deltaHeap = forwardOnly ? null : new float[maxBatch * nOut];
    }

    /** The arrays this layer allocated, for {@link FastTrainer#close}: not the weights and bias. */
    List<INDArray> ownedBuffers() {
        return delta == null ? List.of(out.array) : List.of(out.array, delta.array, ones.array);
    }

    /** {@code out = act(in·W + b)} for the first {@code batch} rows of {@code in}. */
    void forward(FloatPointer in, int batch) {
        FloatBuffer o = out.buffer;
        bias.buffer.get(0, biasHeap, 0, nOut);
        for (int r = 0; r < batch; r++) {
            o.put(r * nOut, biasHeap, 0, nOut);
        }
        Blas.gemm(true, false, nOut, batch, nIn, 1f, weights.pointer, nIn, in, nIn, 1f, out.pointer, nOut);
        if (relu) {
            int n = batch * nOut;
            float[] h = outHeap;
            o.get(0, h, 0, n);
            for (int i = 0; i < n; i++) {
                h[i] = Math.max(h[i], 0f);
            }
            o.put(0, h, 0, n);
        }
    }

    /**
     * Given {@link #delta} for this batch: writes dLoss/d(in) to {@code inGrad} (when not null,
     * with the weights before the step), then takes the SGD step on W and b.
     */
    void backward(FloatPointer in, int batch, float step, FloatPointer inGrad) {
        if (inGrad != null) {
            Blas.gemm(false, false, nIn, batch, nOut, 1f, weights.pointer, nIn, delta.pointer, nOut, 0f, inGrad, nIn);
        }
        Blas.gemm(false, true, nIn, nOut, batch, -step, in, nIn, delta.pointer, nOut, 1f, weights.pointer, nIn);
        Blas.gemv(nOut, batch, -step, delta.pointer, nOut, ones.pointer, 1f, bias.pointer);
    }

    /** Turns dLoss/d(out) held in {@link #delta} into dLoss/dz (the ReLU's derivative). */
    void applyActivationDerivative(int batch) {
        if (!relu) {
            return;
        }
        int n = batch * nOut;
        float[] o = outHeap;
        float[] d = deltaHeap;
        out.buffer.get(0, o, 0, n);
        delta.buffer.get(0, d, 0, n);
        for (int i = 0; i < n; i++) {
            d[i] = o[i] > 0f ? d[i] : 0f;
        }
        delta.buffer.put(0, d, 0, n);
    }
}
