package org.flotilla.kernels;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain-SGD training steps for a {@code MultiLayerNetwork} of the shape Flotilla's mlp and cnn
 * have (ReLU convolutions with max pooling, ReLU dense layers, softmax output with cross-entropy),
 * computed by this package's kernels on the network's own parameters. A step is the same as
 * {@code network.fit(features, labels)} up to float rounding: gradients averaged over the batch,
 * {@code W ← W − lr·∇W}. The network stays usable as before ({@code output}, {@code params},
 * DL4J's own {@code fit}). Buffers are allocated once, for batches of up to {@code maxBatch}.
 *
 * <p>The buffers are native memory (activations, deltas and gradients: for the cnn at batch 32
 * about 12 MB), so a trainer is a resource: {@link #close} frees them at once rather than whenever
 * the garbage collector gets to them, and leaves the network's own parameters alone.
 *
 * <p>Not thread-safe: one trainer per replica, used by one thread.
 */
public final class FastTrainer implements AutoCloseable {

    private final MultiLayerNetwork network;
    private final int maxBatch;
    private final int inputFeatures;
    private final long[] inputShape;
    private final List<ConvKernel> convs;
    private final List<DenseKernel> dense;
    private final float[] learningRates;
    private final NativeArray convToDenseGrad;
    private final int[] predictions;
    private int lastBatch;
    private double score;
    private boolean closed;

    private FastTrainer(MultiLayerNetwork network, FastTrainerSupport.Plan plan, int maxBatch) {
        this.network = network;
        this.maxBatch = maxBatch;
        this.inputShape = plan.inputShape();
        this.learningRates = plan.learningRates();
        long features = 1;
        for (long d : inputShape) {
            features *= d;
        }
        this.inputFeatures = (int) features;
        this.predictions = new int[maxBatch];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            this.convs = new ArrayList<>();
            this.dense = new ArrayList<>();
            for (FastTrainerSupport.ConvSpec c : plan.convs()) {
                var l = network.getLayer(c.layerIndex());
                INDArray inGradInto = convs.isEmpty() ? null : convs.get(convs.size() - 1).outputGrad(maxBatch);
                convs.add(new ConvKernel(l.getParam("W"), l.getParam("b"), c.height(), c.width(), c.pool(), maxBatch,
                        inGradInto));
            }
            for (FastTrainerSupport.DenseSpec d : plan.dense()) {
                var l = network.getLayer(d.layerIndex());
                dense.add(new DenseKernel(l.getParam("W"), l.getParam("b"), d.relu(), maxBatch));
            }
            this.convToDenseGrad = convs.isEmpty() ? null : NativeArray.of(convs.get(convs.size() - 1).outputGrad(maxBatch));
        }
    }

    /**
     * A trainer for {@code network}, or empty if the network or its training settings are outside
     * what the kernels implement ({@link #unsupportedReason} says why).
     */
    public static Optional<FastTrainer> create(MultiLayerNetwork network, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, was " + maxBatch);
        }
        FastTrainerSupport.Plan plan = FastTrainerSupport.plan(network);
        return plan.reason() == null ? Optional.of(new FastTrainer(network, plan, maxBatch)) : Optional.empty();
    }

    /** Why {@link #create} declines {@code network}, or null if it accepts it. */
    public static String unsupportedReason(MultiLayerNetwork network) {
        return FastTrainerSupport.plan(network).reason();
    }

    /** The network this trainer updates. */
    public MultiLayerNetwork network() {
        return network;
    }

    /** Mean cross-entropy of the last batch, before its step (what {@code network.score()} gives after {@code fit}). */
    public double score() {
        return score;
    }

    /**
     * One SGD step on a batch: features {@code [b, inputs]} (flat rows, as the iterators give
     * them), one-hot labels {@code [b, classes]}, {@code b ≤ maxBatch}.
     *
     * @return the batch's mean cross-entropy before the step
     */
    public double fit(INDArray features, INDArray labels) {
        if (closed) {
            throw new IllegalStateException("this FastTrainer is closed; its buffers are freed");
        }
        int batch = (int) features.size(0);
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch of " + batch + " examples; this trainer takes 1 to " + maxBatch);
        }
        if (features.length() != (long) batch * inputFeatures) {
            throw new IllegalArgumentException("features have " + features.length() / batch + " values per example, expected "
                    + inputFeatures);
        }
        INDArray x = contiguousFloat(features);
        INDArray y = contiguousFloat(labels);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            FloatPointer denseIn = FastForward.forward(convs, dense, inputShape, x, batch);
            DenseKernel last = dense.get(dense.size() - 1);
            score = softmaxCrossEntropy(last, NativeArray.of(y).buffer, batch, predictions);
            lastBatch = batch;
            for (int i = dense.size() - 1; i >= 0; i--) {
                DenseKernel d = dense.get(i);
                FloatPointer input = i == 0 ? denseIn : dense.get(i - 1).out.pointer;
                FloatPointer inGrad = i > 0 ? dense.get(i - 1).delta.pointer
                        : convToDenseGrad != null ? convToDenseGrad.pointer : null;
                d.backward(input, batch, learningRates[convs.size() + i] / batch, inGrad);
                if (i > 0) {
                    dense.get(i - 1).applyActivationDerivative(batch);
                }
            }
            for (int i = convs.size() - 1; i >= 0; i--) {
                INDArray input = i == 0 ? x.reshape('c', batch, inputShape[0], inputShape[1], inputShape[2])
                        : convs.get(i - 1).output(batch);
                // writes dLoss/d(input) straight into the previous stage's output-gradient buffer
                convs.get(i).backward(input, batch, learningRates[i] / batch);
            }
        }
        return score;
    }

    /**
     * How many of the last batch's predictions (arg-max of the output before the step, the point at
     * which its score is computed) equal {@code labels}: training accuracy at no extra cost.
     */
    public int countCorrect(int[] labels) {
        if (labels.length != lastBatch) {
            throw new IllegalArgumentException(labels.length + " labels for a batch of " + lastBatch);
        }
        int correct = 0;
        for (int i = 0; i < lastBatch; i++) {
            if (predictions[i] == labels[i]) {
                correct++;
            }
        }
        return correct;
    }

    /**
     * Frees the buffers this trainer allocated; the network and its parameters stay as they are and
     * usable. Idempotent; {@link #fit} fails afterwards.
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

    /** Whether {@link #close} was called. */
    public boolean isClosed() {
        return closed;
    }

    /** The native arrays this trainer allocated (never the network's parameters). */
    List<INDArray> ownedBuffers() {
        List<INDArray> owned = new ArrayList<>();
        convs.forEach(c -> owned.addAll(c.ownedBuffers()));
        dense.forEach(d -> owned.addAll(d.ownedBuffers()));
        return owned;
    }

    /** Softmax of the output layer in place, its mean cross-entropy, δ = p − y into its delta, arg-max into predictions. */
    private static double softmaxCrossEntropy(DenseKernel out, FloatBuffer labels, int batch, int[] predictions) {
        FloatBuffer z = out.out.buffer;
        FloatBuffer delta = out.delta.buffer;
        int k = out.nOut;
        double loss = 0;
        for (int r = 0; r < batch; r++) {
            int base = r * k;
            float max = Float.NEGATIVE_INFINITY;
            int argMax = 0;
            for (int j = 0; j < k; j++) {
                float v = z.get(base + j);
                if (v > max) {
                    max = v;
                    argMax = j;
                }
            }
            predictions[r] = argMax;
            double sum = 0;
            for (int j = 0; j < k; j++) {
                float e = (float) Math.exp(z.get(base + j) - max);
                z.put(base + j, e);
                sum += e;
            }
            for (int j = 0; j < k; j++) {
                float p = (float) (z.get(base + j) / sum);
                float t = labels.get(base + j);
                z.put(base + j, p);
                delta.put(base + j, p - t);
                if (t != 0f) {
                    loss -= t * Math.log(Math.max(p, 1e-10f));
                }
            }
        }
        return loss / batch;
    }

    /** {@code a} as a gap-free, c-ordered float32 array that is not a view (a copy when it is not one already). */
    static INDArray contiguousFloat(INDArray a) {
        INDArray f = a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        return f.ordering() == 'c' && NativeArray.isContiguous(f) && !f.isView() ? f : f.dup('c');
    }
}
