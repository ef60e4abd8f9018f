package org.flotilla.bench.throughput;

import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/** DL4J's {@code MultiLayerNetwork}, as built by Flotilla or with one setting changed. */
final class Dl4jTrainer implements Trainer {

    private final MultiLayerNetwork network;
    private final boolean nhwc;

    Dl4jTrainer(TrainingPlan plan, Variant variant) {
        this.nhwc = variant == Variant.DL4J_NHWC;
        if (variant == Variant.DL4J) {
            network = Networks.build(plan);
        } else {
            MultiLayerConfiguration conf = nhwc ? nhwcCnn(plan) : Networks.configuration(plan);
            if (variant == Variant.DL4J_NO_WORKSPACES) {
                conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
                conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
            }
            Nd4j.getRandom().setSeed(plan.seed());
            network = new MultiLayerNetwork(conf);
            network.init();
        }
    }

    MultiLayerNetwork network() {
        return network;
    }

    @Override
    public void fit(INDArray features, INDArray labels) {
        network.fit(shape(features), labels);
    }

    @Override
    public INDArray output(INDArray features) {
        return network.output(shape(features));
    }

    private INDArray shape(INDArray features) {
        // One channel: NHWC [b, 28, 28, 1] has the same memory order as the flat rows.
        return nhwc ? features.reshape('c', features.size(0), 28, 28, 1) : features;
    }

    @Override
    public void close() {
        network.close();
    }

    /** Flotilla's cnn (Architectures) with convolution and pooling in NHWC. */
    private static MultiLayerConfiguration nhwcCnn(TrainingPlan plan) {
        if (!plan.architecture().equals("cnn")) {
            throw new IllegalArgumentException("dl4j-nhwc applies to the cnn only");
        }
        CNN2DFormat f = CNN2DFormat.NHWC;
        return new NeuralNetConfiguration.Builder()
                .seed(plan.seed())
                .updater(plan.optimizer().toUpdater())
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(32).dataFormat(f)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).dataFormat(f)
                        .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(64).dataFormat(f)
                        .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).dataFormat(f)
                        .kernelSize(2, 2).stride(2, 2).convolutionMode(ConvolutionMode.Same).build())
                .layer(new DenseLayer.Builder().nOut(512).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(plan.numClasses())
                        .activation(Activation.SOFTMAX).weightInit(WeightInit.XAVIER).build())
                .setInputType(InputType.convolutional(28, 28, 1, f))
                .build();
    }
}
