package org.flotilla.datasets.iterator;

import static org.assertj.core.api.Assertions.assertThat;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.synthetic.SyntheticFedProx;
import org.junit.jupiter.api.Test;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/** The iterator is a drop-in for DL4J's own: fit for several epochs, then evaluate. */
class TrainingSmokeTest {

    @Test
    void softmaxRegressionLearnsOneSyntheticDevice() {
        // Prepare: device 0 of Synthetic(0, 0) is a softmax-regression problem by construction
        LabeledDataset device = new SyntheticFedProx(0, 0, 0, 0, 400, 400).device(0, 1);
        LabeledDataSetIterator iterator = new LabeledDataSetIterator(device, 32, 7);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Adam(0.05)).list()
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(iterator.inputColumns())
                        .nOut(iterator.totalOutcomes()).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();

        // Execute
        network.fit(iterator, 15);
        iterator.reset();
        Evaluation evaluation = network.evaluate(iterator);

        // Assert
        assertThat(evaluation.accuracy()).isGreaterThan(0.6);
        assertThat(iterator.epoch()).isGreaterThanOrEqualTo(15);
        network.close();
    }
}
