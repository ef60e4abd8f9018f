package org.flotilla.kernels;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.GradientNormalization;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Decides whether {@link FastTrainer} (training) or {@link FastForward} (inference) implements a
 * network exactly, and lays out its kernels. Inference ignores how a network trains (updater,
 * regularisation, dropout: DL4J's {@code output(x, false)} applies none of them) and also takes a
 * network that is a single softmax output layer (logistic regression).
 */
final class FastTrainerSupport {

    private FastTrainerSupport() {
    }

    record ConvSpec(int layerIndex, int height, int width, int pool) {
    }

    record DenseSpec(int layerIndex, boolean relu) {
    }

    /** The kernels for a network, or {@code reason} (non-null) why there are none. */
    record Plan(String reason, long[] inputShape, List<ConvSpec> convs, List<DenseSpec> dense, float[] learningRates) {

        static Plan no(String reason) {
            return new Plan(reason, null, List.of(), List.of(), null);
        }
    }

    static Plan plan(MultiLayerNetwork network) {
        return plan(network, true);
    }

    static Plan plan(MultiLayerNetwork network, boolean training) {
        if (network.params() == null || network.params().dataType() != DataType.FLOAT) {
            return Plan.no("parameters must be float32 (initialised network)");
        }
        MultiLayerConfiguration conf = network.getLayerWiseConfigurations();
        int n = conf.getConfs().size();
        List<ConvSpec> convs = new ArrayList<>();
        List<DenseSpec> dense = new ArrayList<>();
        List<Float> rates = new ArrayList<>();
        long[] inputShape;
        int channels;
        int height;
        int width;
        InputPreProcessor first = conf.getInputPreProcess(0);
        if (first instanceof FeedForwardToCnnPreProcessor p) {
            channels = (int) p.getNumChannels();
            height = (int) p.getInputHeight();
            width = (int) p.getInputWidth();
            inputShape = new long[] {channels, height, width};
        } else if (first == null && (conf.getConf(0).getLayer() instanceof DenseLayer
                || !training && conf.getConf(0).getLayer() instanceof OutputLayer)) {
            channels = 0;
            height = 0;
            width = 0;
            inputShape = new long[] {((FeedForwardLayer) conf.getConf(0).getLayer()).getNIn()};
        } else {
            return Plan.no("input must be flat features (dense first layer) or go through FeedForwardToCnnPreProcessor");
        }
        boolean inDense = channels == 0;
        for (int i = 0; i < n; i++) {
            Layer layer = conf.getConf(i).getLayer();
            InputPreProcessor pre = conf.getInputPreProcess(i);
            if (i > 0 && pre != null && !(pre instanceof CnnToFeedForwardPreProcessor c
                    && c.getFormat() == CNN2DFormat.NCHW && layer instanceof DenseLayer && !inDense)) {
                return Plan.no("layer " + i + ": unsupported preprocessor " + pre.getClass().getSimpleName());
            }
            if (training && layer instanceof BaseLayer base) {
                String why = trainingSettings(base);
                if (why != null) {
                    return Plan.no("layer " + i + ": " + why);
                }
            }
            if (layer.getClass() == ConvolutionLayer.class && !inDense) {
                ConvolutionLayer c = (ConvolutionLayer) layer;
                int k = c.getKernelSize()[0];
                if (c.getKernelSize()[1] != k || k % 2 == 0 || c.getStride()[0] != 1 || c.getStride()[1] != 1
                        || c.getDilation()[0] != 1 || c.getDilation()[1] != 1
                        || c.getConvolutionMode() != ConvolutionMode.Same || c.getCnn2dDataFormat() != CNN2DFormat.NCHW
                        || !c.hasBias() || !(c.getActivationFn() instanceof ActivationReLU)) {
                    return Plan.no("layer " + i + ": only odd square kernels, stride 1, no dilation, Same mode, NCHW,"
                            + " with bias and ReLU");
                }
                int pool = 1;
                if (i + 1 < n && conf.getConf(i + 1).getLayer() instanceof SubsamplingLayer s) {
                    pool = s.getKernelSize()[0];
                    if (s.getClass() != SubsamplingLayer.class || s.getPoolingType() != PoolingType.MAX
                            || s.getKernelSize()[1] != pool || s.getStride()[0] != pool || s.getStride()[1] != pool
                            || s.getPadding()[0] != 0 || s.getPadding()[1] != 0 || s.getCnn2dDataFormat() != CNN2DFormat.NCHW
                            || height % pool != 0 || width % pool != 0 || conf.getInputPreProcess(i + 1) != null) {
                        return Plan.no("layer " + (i + 1) + ": only max pooling with kernel = stride dividing the input, NCHW");
                    }
                }
                if (c.getNIn() != channels) {
                    return Plan.no("layer " + i + ": nIn " + c.getNIn() + " does not match " + channels + " channels");
                }
                convs.add(new ConvSpec(i, height, width, pool));
                rates.add(rate(c));
                channels = (int) c.getNOut();
                height /= pool;
                width /= pool;
                if (pool > 1) {
                    i++;
                }
            } else if ((layer.getClass() == DenseLayer.class || layer.getClass() == OutputLayer.class)) {
                boolean output = layer instanceof OutputLayer;
                BaseLayer b = (BaseLayer) layer;
                if (output != (i == n - 1)) {
                    return Plan.no("an OutputLayer must be the last layer, and only the last");
                }
                if (output ? !(b.getActivationFn() instanceof ActivationSoftmax) || training
                        && (!(((OutputLayer) layer).getLossFn() instanceof LossMCXENT l) || l.getWeights() != null)
                        : !(b.getActivationFn() instanceof ActivationReLU)) {
                    return Plan.no("layer " + i + ": dense layers need ReLU, the output softmax with unweighted MCXENT");
                }
                if (layer instanceof DenseLayer d ? !d.hasBias() : !((OutputLayer) layer).hasBias()) {
                    return Plan.no("layer " + i + ": layers without bias are not supported");
                }
                inDense = true;
                dense.add(new DenseSpec(i, !output));
                rates.add(rate(b));
            } else {
                return Plan.no("layer " + i + ": " + layer.getClass().getSimpleName() + " is not supported here");
            }
        }
        if (dense.isEmpty() || !(conf.getConf(n - 1).getLayer() instanceof OutputLayer)) {
            return Plan.no("the last layer must be an OutputLayer");
        }
        float[] lr = new float[rates.size()];
        for (int i = 0; i < lr.length; i++) {
            lr[i] = rates.get(i);
        }
        return new Plan(null, inputShape, List.copyOf(convs), List.copyOf(dense), lr);
    }

    /** Null if the layer trains with plain SGD and nothing else (no regularisation, dropout, noise...). */
    private static String trainingSettings(BaseLayer b) {
        IUpdater u = b.getIUpdater();
        if (!(u instanceof Sgd sgd) || sgd.getLearningRateSchedule() != null) {
            return "only plain SGD with a fixed learning rate (was " + u + ")";
        }
        IUpdater bu = b.getBiasUpdater();
        if (bu != null && !(bu instanceof Sgd bs && bs.getLearningRate() == sgd.getLearningRate()
                && bs.getLearningRateSchedule() == null)) {
            return "the bias updater must equal the weight updater";
        }
        if (!empty(b.getRegularization()) || !empty(b.getRegularizationBias())) {
            return "regularisation (l1/l2/weight decay) is not supported";
        }
        if (b.getIDropout() != null || b.getWeightNoise() != null) {
            return "dropout and weight noise are not supported";
        }
        if (b.getGradientNormalization() != null && b.getGradientNormalization() != GradientNormalization.None) {
            return "gradient normalisation is not supported";
        }
        return null;
    }

    /** The layer's SGD learning rate; 0 for an inference plan's other updaters (they are never used). */
    private static float rate(BaseLayer b) {
        return b.getIUpdater() instanceof Sgd sgd ? (float) sgd.getLearningRate() : 0f;
    }

    private static boolean empty(List<?> l) {
        return l == null || l.isEmpty();
    }
}
