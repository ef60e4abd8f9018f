package org.flotilla.kernels;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The inference pass of a {@code MultiLayerNetwork} of the shapes {@link FastTrainer} trains (ReLU
 * convolutions with max pooling, ReLU dense layers, a softmax output), and of logistic regression
 * (a single softmax output layer), on this package's kernels: what {@code network.output(x, false)}
 * gives, up to float rounding, without DL4J's per-layer copies and allocations. It reads the
 * network's own parameters, so new weights set into the network ({@code Networks.setParameters})
 * are used by the next call. Buffers (activations only, no gradients) are allocated once, for
 * batches of up to {@code maxBatch}; a larger batch runs in slices.
 *
 * <p>A resource ({@link #close} frees the buffers now); not thread-safe: one per thread. With
 * oneDNN's libnd4j build ({@code linux-x86_64-onednn}) the convolutions run in oneDNN's kernels,
 * on as many OpenMP threads as the calling thread allows.
 */
public final class FastForward implements AutoCloseable {

    private final int maxBatch;
    private final int inputFeatures;
    private final long[] inputShape;
    private final List<ConvKernel> convs;
    private final List<DenseKernel> dense;
    private final int classes;
    private final float[] logits;
    private boolean closed;

    private FastForward(MultiLayerNetwork network, FastTrainerSupport.Plan plan, int maxBatch) {
        this.maxBatch = maxBatch;
        this.inputShape = plan.inputShape();
        long features = 1;
        for (long d : inputShape) {
            features *= d;
        }
        this.inputFeatures = (int) features;
        this.convs = new ArrayList<>();
        this.dense = new ArrayList<>();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (FastTrainerSupport.ConvSpec c : plan.convs()) {
                var l = network.getLayer(c.layerIndex());
                convs.add(ConvKernel.forwardOnly(l.getParam("W"), l.getParam("b"), c.height(), c.width(), c.pool(),
                        maxBatch));
            }
            for (FastTrainerSupport.DenseSpec d : plan.dense()) {
                var l = network.getLayer(d.layerIndex());
                dense.add(DenseKernel.forwardOnly(l.getParam("W"), l.getParam("b"), d.relu(), maxBatch));
            }
        }
        this.classes = dense.get(dense.size() - 1).nOut;
        this.logits = new float[maxBatch * classes];
    }

    /**
     * A forward pass for {@code network}, or empty if the network is outside what the kernels
     * implement ({@link #unsupportedReason} says why).
     */
    public static Optional<FastForward> create(MultiLayerNetwork network, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        FastTrainerSupport.Plan plan = FastTrainerSupport.plan(network, false);
        return plan.reason() == null ? Optional.of(new FastForward(network, plan, maxBatch)) : Optional.empty();
    }

    /** Why {@link #create} declines {@code network}, or null if it accepts it. */
    public static String unsupportedReason(MultiLayerNetwork network) {
        return FastTrainerSupport.plan(network, false).reason();
    }

    /** Number of output classes. */
    public int classes() {
        return classes;
    }

    /**
     * The class probabilities (softmax) for {@code features}, {@code [b, inputs]} flat rows as the
     * iterators give them: a new {@code [b, classes]} float array, as {@code network.output(features, false)}.
     */
    public INDArray output(INDArray features) {
        if (closed) {
            throw new IllegalStateException("this FastForward is closed; its buffers are freed");
        }
        int batch = (int) features.size(0);
        if (batch < 1) {
            throw new IllegalArgumentException("a batch of " + batch + " examples");
        }
        if (features.length() != (long) batch * inputFeatures) {
            throw new IllegalArgumentException("features have " + features.length() / batch + " values per example, expected "
                    + inputFeatures);
        }
        float[] probabilities = new float[batch * classes];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int from = 0; from < batch; from += maxBatch) {
                int n = Math.min(maxBatch, batch - from);
                INDArray slice = from == 0 && n == batch ? features
                        : features.get(NDArrayIndex.interval(from, from + n), NDArrayIndex.all());
                forward(convs, dense, inputShape, FastTrainer.contiguousFloat(slice), n);
                softmax(n, probabilities, from * classes);
            }
        }
        return Nd4j.create(probabilities, new long[] {batch, classes}, 'c');
    }

    /**
     * The forward pass through {@code convs} then {@code dense} for the first {@code batch} rows of
     * {@code x} (contiguous float32, flat rows); the last layer's {@code out} holds its
     * pre-softmax output. Returns the first dense layer's input (for a trainer's backward pass).
     */
    static FloatPointer forward(List<ConvKernel> convs, List<DenseKernel> dense, long[] inputShape, INDArray x,
                                int batch) {
        INDArray cur = x;
        if (!convs.isEmpty()) {
            cur = x.reshape('c', batch, inputShape[0], inputShape[1], inputShape[2]);
            for (ConvKernel c : convs) {
                c.forward(cur, batch);
                cur = c.output(batch);
            }
        }
        FloatPointer denseIn = NativeArray.of(cur).pointer;
        FloatPointer in = denseIn;
        for (DenseKernel d : dense) {
            d.forward(in, batch);
            in = d.out.pointer;
        }
        return denseIn;
    }

    /** Softmax of the output layer's first {@code batch} rows into {@code into} from {@code offset}. */
    private void softmax(int batch, float[] into, int offset) {
        FloatBuffer z = dense.get(dense.size() - 1).out.buffer;
        float[] v = logits;
        int k = classes;
        z.get(0, v, 0, batch * k);
        for (int r = 0; r < batch; r++) {
            int base = r * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, v[base + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(v[base + j] - max);
                v[base + j] = e;
                sum += e;
            }
            for (int j = 0; j < k; j++) {
                into[offset + base + j] = (float) (v[base + j] / sum);
            }
        }
    }

    /**
     * Frees the buffers this pass allocated; the network and its parameters stay as they are.
     * Idempotent; {@link #output} fails afterwards.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (INDArray a : ownedBuffers()) {
            NativeArray.release(a);
        }
    }

    /** The native arrays this pass allocated (never the network's parameters). */
    List<INDArray> ownedBuffers() {
        List<INDArray> owned = new ArrayList<>();
        convs.forEach(c -> owned.addAll(c.ownedBuffers()));
        dense.forEach(d -> owned.addAll(d.ownedBuffers()));
        return owned;
    }
}
