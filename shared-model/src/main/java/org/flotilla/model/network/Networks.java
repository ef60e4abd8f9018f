package org.flotilla.model.network;

import java.util.Set;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.model.plan.PlanException;
import org.flotilla.model.plan.TrainingPlan;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Builds networks from plans and exchanges their parameters as flat {@code float[]} vectors (the
 * order of DL4J's flattened parameter view). Everything here is deterministic for a plan: the
 * same plan always yields the same initial weights.
 */
public final class Networks {

    /** Largest model a plan may describe, in parameters (about 200 MB of float32). */
    public static final long DEFAULT_MAX_PARAMETERS = 50_000_000L;

    private static final Set<Class<? extends Layer>> SUPPORTED_LAYERS = Set.of(
            DenseLayer.class, OutputLayer.class, ConvolutionLayer.class, SubsamplingLayer.class,
            BatchNormalization.class, DropoutLayer.class, ActivationLayer.class, GlobalPoolingLayer.class);

    private Networks() {
    }

    /**
     * Parses the plan's DL4J JSON, applies the plan's optimizer and seed. The JSON is checked
     * against {@link PlanClasses} first, so DL4J never instantiates a class outside the list.
     */
    public static MultiLayerConfiguration configuration(TrainingPlan plan) {
        PlanClasses.check(plan.networkConfiguration());
        MultiLayerConfiguration conf;
        try {
            conf = MultiLayerConfiguration.fromJson(plan.networkConfiguration());
        } catch (RuntimeException e) {
            throw new PlanException("networkConfiguration",
                    "networkConfiguration is not a DL4J MultiLayerConfiguration JSON document: " + rootMessage(e));
        }
        if (conf.getConfs() == null || conf.getConfs().isEmpty()) {
            throw new PlanException("networkConfiguration", "networkConfiguration has no layers");
        }
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            Layer layer = layerConf.getLayer();
            if (layer == null || !SUPPORTED_LAYERS.contains(layer.getClass())) {
                throw new PlanException("networkConfiguration", "layer type "
                        + (layer == null ? "null" : layer.getClass().getSimpleName())
                        + " is not supported; supported: Dense, Output, Convolution, Subsampling,"
                        + " BatchNormalization, Dropout, Activation, GlobalPooling");
            }
            layerConf.setSeed(plan.seed());
            if (layer instanceof BaseLayer base) {
                base.setIUpdater(plan.optimizer().toUpdater());
                base.setBiasUpdater(null);
            }
        }
        return conf;
    }

    /**
     * Builds and initialises the network described by {@code plan}, validating it first
     * (layer types, parameter count, input and output size against the plan).
     */
    public static MultiLayerNetwork build(TrainingPlan plan) {
        return build(plan, DEFAULT_MAX_PARAMETERS);
    }

    /** As {@link #build(TrainingPlan)} with an explicit parameter limit. */
    public static MultiLayerNetwork build(TrainingPlan plan, long maxParameters) {
        MultiLayerConfiguration conf = configuration(plan);
        Layer first = conf.getConf(0).getLayer();
        Layer last = conf.getConf(conf.getConfs().size() - 1).getLayer();
        if (!(last instanceof OutputLayer out)) {
            throw new PlanException("networkConfiguration", "the last layer must be an OutputLayer, is "
                    + last.getClass().getSimpleName());
        }
        if (out.getNOut() != plan.numClasses()) {
            throw new PlanException("numClasses", "equal to the output layer's size " + out.getNOut(), plan.numClasses());
        }
        long expectedIn = conf.getInputPreProcess(0) == null && first instanceof DenseLayer d ? d.getNIn()
                : first instanceof OutputLayer o && conf.getInputPreProcess(0) == null ? o.getNIn() : -1;
        if (expectedIn > 0 && expectedIn != plan.featureCount()) {
            throw new PlanException("inputShape", "a shape of " + expectedIn + " features to match the first layer",
                    java.util.Arrays.toString(plan.inputShape()));
        }
        long params = parameterCount(conf);
        if (params > maxParameters) {
            throw new PlanException("networkConfiguration", "the network has " + params
                    + " parameters, more than the limit of " + maxParameters);
        }
        Nd4j.getRandom().setSeed(plan.seed());
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    /** The number of parameters the configuration describes, computed without allocating any of them. */
    public static long parameterCount(MultiLayerConfiguration conf) {
        long params = 0;
        for (NeuralNetConfiguration layerConf : conf.getConfs()) {
            params = Math.addExact(params, layerConf.getLayer().initializer().numParams(layerConf));
        }
        return params;
    }

    /** A copy of the network's parameters as a flat vector. */
    public static float[] parameters(MultiLayerNetwork network) {
        return network.params().dup().data().asFloat();
    }

    /** Replaces the network's parameters with {@code values} (copied). */
    public static void setParameters(MultiLayerNetwork network, float[] values) {
        long n = network.numParams();
        if (values.length != n) {
            throw new IllegalArgumentException("vector has " + values.length + " values, network has " + n + " parameters");
        }
        INDArray v = Nd4j.createFromArray(values).castTo(network.params().dataType()).reshape(1, n);
        network.setParams(v);
    }

    /** Element-wise {@code local − global}: the update a client sends. */
    public static float[] delta(float[] local, float[] global) {
        if (local.length != global.length) {
            throw new IllegalArgumentException("lengths differ: " + local.length + " vs " + global.length);
        }
        float[] d = new float[local.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = local[i] - global[i];
        }
        return d;
    }

    /** The parameter data type Flotilla exchanges. */
    public static DataType dataType() {
        return DataType.FLOAT;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m.lines().findFirst().orElse(m);
    }
}
