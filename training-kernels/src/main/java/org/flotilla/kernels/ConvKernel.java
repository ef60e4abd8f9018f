package org.flotilla.kernels;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A stride-1 "same" convolution with ReLU, NCHW, optionally followed by non-overlapping max
 * pooling: libnd4j's {@code conv2d} / {@code conv2d_bp} and {@code maxpool2d} / {@code maxpool2d_bp}
 * on arrays allocated once (with a oneDNN build of libnd4j these run oneDNN's kernels). Weights
 * are DL4J's {@code [outC, inC, k, k]} view, updated in place by SGD. A forward-only stage
 * ({@link #forwardOnly}) allocates no gradient buffers and applies its ReLU after the pooling.
 */
final class ConvKernel {

    final int inC;
    final int outC;
    final int height;
    final int width;
    final int pool;
    private final INDArray weights;
    private final INDArray bias;
    private final INDArray weightGrad;
    private final INDArray biasGrad;
    private final int[] convArgs;
    private final int[] poolArgs;
    private final INDArray convOut;
    private final INDArray convDelta;
    private final INDArray pooled;
    private final INDArray pooledGrad;
    private final INDArray inGrad;
    /** Whether {@link #inGrad} is this stage's own (else the previous stage's output gradient). */
    private final boolean ownsInGrad;
    /** The stage's output and its gradient as native memory, for the ReLU mask. */
    private final NativeArray outputNative;
    private final NativeArray outputGradNative;
    private final float[] maskOut;
    private final float[] maskGrad;
    /** Whether this stage only runs {@link #forward} (inference): no gradient buffers exist. */
    private final boolean forwardOnly;

    /**
     * @param pool       pooling size and stride, or 1 for none
     * @param inGradInto where {@link #backward} writes dLoss/d(input) (the previous stage's
     *                   {@link #outputGrad} buffer), or null to allocate one
     */
    ConvKernel(INDArray w, INDArray b, int height, int width, int pool, int maxBatch, INDArray inGradInto) {
        this(w, b, height, width, pool, maxBatch, inGradInto, false);
    }

    /** A stage for inference only: {@link #forward} and {@link #output}, no gradient buffers. */
    static ConvKernel forwardOnly(INDArray w, INDArray b, int height, int width, int pool, int maxBatch) {
        return new ConvKernel(w, b, height, width, pool, maxBatch, null, true);
    }

    private ConvKernel(INDArray w, INDArray b, int height, int width, int pool, int maxBatch, INDArray inGradInto,
                       boolean forwardOnly) {
        this.forwardOnly = forwardOnly;
        this.outC = (int) w.size(0);
        this.inC = (int) w.size(1);
        int k = (int) w.size(2);
        this.height = height;
        this.width = width;
        this.pool = pool;
        this.weights = w;
        this.bias = b.reshape(outC);
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, NCHW, weights [oC, iC, kH, kW]
        this.convArgs = new int[] {k, k, 1, 1, 0, 0, 1, 1, 1, 0, 1};
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode, (unused for max), NCHW
        this.poolArgs = new int[] {pool, pool, pool, pool, 0, 0, 1, 1, 1, 0, 0};
        this.convOut = Nd4j.create(DataType.FLOAT, maxBatch, outC, height, width);
        this.pooled = pool > 1 ? Nd4j.create(DataType.FLOAT, maxBatch, outC, height / pool, width / pool) : convOut;
        this.outputNative = NativeArray.of(pooled);
        if (forwardOnly) {
            this.weightGrad = null;
            this.biasGrad = null;
            this.convDelta = null;
            this.pooledGrad = null;
            this.ownsInGrad = false;
            this.inGrad = null;
            this.outputGradNative = null;
            this.maskOut = null;
            this.maskGrad = null;
            return;
        }
        this.weightGrad = Nd4j.create(DataType.FLOAT, w.shape());
        this.biasGrad = Nd4j.create(DataType.FLOAT, outC);
        this.convDelta = Nd4j.create(DataType.FLOAT, maxBatch, outC, height, width);
        this.ownsInGrad = inGradInto == null;
        this.inGrad = ownsInGrad ? Nd4j.create(DataType.FLOAT, maxBatch, inC, height, width) : inGradInto;
        this.pooledGrad = pool > 1 ? Nd4j.create(DataType.FLOAT, maxBatch, outC, height / pool, width / pool) : convDelta;
        this.outputGradNative = NativeArray.of(pooledGrad);
        this.maskOut = new float[maxBatch * outputFeatures()];
        this.maskGrad = new float[maxBatch * outputFeatures()];
    }

    /** The arrays this stage allocated, for {@link FastTrainer#close}: not the weights, not a borrowed gradient. */
    List<INDArray> ownedBuffers() {
        List<INDArray> owned = new ArrayList<>(List.of(convOut));
        if (pool > 1) {
            owned.add(pooled);
        }
        if (forwardOnly) {
            return owned;
        }
        owned.addAll(List.of(weightGrad, biasGrad, convDelta));
        if (pool > 1) {
            owned.add(pooledGrad);
        }
        if (ownsInGrad) {
            owned.add(inGrad);
        }
        return owned;
    }

    /** Features per example of this stage's output. */
    int outputFeatures() {
        return outC * (height / pool) * (width / pool);
    }

    /** The stage's output for the first {@code batch} examples. */
    INDArray output(int batch) {
        return rows(pooled, batch);
    }

    /** Where the next stage writes dLoss/d(output). */
    INDArray outputGrad(int batch) {
        return rows(pooledGrad, batch);
    }

    /** dLoss/d(input) after {@link #backward}. */
    INDArray inputGrad(int batch) {
        return rows(inGrad, batch);
    }

    void forward(INDArray in, int batch) {
        INDArray y = rows(convOut, batch);
        Nd4j.exec(DynamicCustomOp.builder("conv2d").addInputs(in, weights, bias).addOutputs(y)
                .addIntegerArguments(convArgs).build());
        if (forwardOnly) {
            // max pooling and ReLU commute (both monotone), so the ReLU runs on the 4x smaller pooled output
            INDArray out = y;
            if (pool > 1) {
                out = rows(pooled, batch);
                Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(y).addOutputs(out)
                        .addIntegerArguments(poolArgs).build());
            }
            Nd4j.exec(DynamicCustomOp.builder("relu").addInputs(out).addOutputs(out).addFloatingPointArguments(0.0)
                    .build());
            return;
        }
        Nd4j.exec(DynamicCustomOp.builder("relu").addInputs(y).addOutputs(y).addFloatingPointArguments(0.0)
                .build());
        if (pool > 1) {
            Nd4j.exec(DynamicCustomOp.builder("maxpool2d").addInputs(y).addOutputs(rows(pooled, batch))
                    .addIntegerArguments(poolArgs).build());
        }
    }

    /**
     * Given dLoss/d(output) in {@link #outputGrad}: back through pooling and ReLU, then the
     * convolution's gradients (dLoss/d(input) into {@link #inputGrad}, with the weights before the
     * step), then the SGD step {@code W ← W − step·dW}, {@code b ← b − step·db}.
     */
    void backward(INDArray in, int batch, float step) {
        INDArray y = rows(convOut, batch);
        INDArray dy = rows(convDelta, batch);
        // ReLU's derivative, applied on the pooled output (4x fewer values than the convolution's):
        // max pooling routes each gradient to its window's maximum, and that maximum is > 0 exactly
        // when the pooled value is, so masking before the pooling backward pass is the same.
        maskByPositive(batch * outputFeatures());
        if (pool > 1) {
            Nd4j.exec(DynamicCustomOp.builder("maxpool2d_bp").addInputs(y, rows(pooledGrad, batch))
                    .addOutputs(dy).addIntegerArguments(poolArgs).build());
        }
        Nd4j.exec(DynamicCustomOp.builder("conv2d_bp").addInputs(in, weights, bias, dy)
                .addOutputs(rows(inGrad, batch), weightGrad, biasGrad).addIntegerArguments(convArgs).build());
        Nd4j.getBlasWrapper().level1().axpy(weights.length(), -step, weightGrad.reshape(weights.length()),
                weights.reshape(weights.length()));
        Nd4j.getBlasWrapper().level1().axpy(outC, -step, biasGrad, bias);
    }

    /** {@code outputGrad[i] = output[i] > 0 ? outputGrad[i] : 0} for the first {@code n} values. */
    private void maskByPositive(int n) {
        float[] o = maskOut;
        float[] g = maskGrad;
        outputNative.buffer.get(0, o, 0, n);
        outputGradNative.buffer.get(0, g, 0, n);
        for (int i = 0; i < n; i++) {
            g[i] = o[i] > 0f ? g[i] : 0f;
        }
        outputGradNative.buffer.put(0, g, 0, n);
    }

    private static INDArray rows(INDArray a, int batch) {
        return batch == a.size(0) ? a : a.get(NDArrayIndex.interval(0, batch), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all());
    }
}
