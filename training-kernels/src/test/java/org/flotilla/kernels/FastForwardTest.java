package org.flotilla.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.mnist.FashionMnist;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Train the built-in networks for a few hundred Fashion-MNIST images (so their weights are real,
 * not the initial ones), then compare {@link FastForward#output} with DL4J's {@code output(x, false)}
 * on real test images.
 */
class FastForwardTest {

    private static final int[] IMAGE = {1, 28, 28};
    private static LabeledDataset train;
    private static LabeledDataset test;

    @BeforeAll
    static void data() {
        train = FashionMnist.loadTrain(FashionMnist.locate(null)).subset(range(0, 640));
        test = FashionMnist.loadTest(FashionMnist.locate(null)).subset(range(0, 300));
    }

    private static int[] range(int from, int to) {
        int[] r = new int[to - from];
        Arrays.setAll(r, i -> from + i);
        return r;
    }

    private static TrainingPlan plan(String name, Optimizer optimizer) {
        return TrainingPlans.builtIn(name, Map.of(), IMAGE, 10, 1, 32, optimizer, 7, Map.of());
    }

    private static INDArray features(LabeledDataset d, int from, int n) {
        float[] x = new float[n * d.featureCount()];
        for (int i = 0; i < n; i++) {
            d.copyFeatures(from + i, x, i * d.featureCount());
        }
        return Nd4j.create(x, new long[] {n, d.featureCount()}, 'c');
    }

    private static INDArray labels(LabeledDataset d, int from, int n) {
        float[] y = new float[n * 10];
        for (int i = 0; i < n; i++) {
            y[i * 10 + d.label(from + i)] = 1f;
        }
        return Nd4j.create(y, new long[] {n, 10}, 'c');
    }

    /** A network of {@code plan} after 20 SGD steps of DL4J's own {@code fit} on 640 training images. */
    private static MultiLayerNetwork trained(TrainingPlan plan) {
        MultiLayerNetwork network = Networks.build(plan);
        for (int from = 0; from < train.size(); from += 32) {
            network.fit(features(train, from, 32), labels(train, from, 32));
        }
        return network;
    }

    /** The largest absolute difference between the two outputs' probabilities; also checks the arg-max. */
    private static double compare(MultiLayerNetwork network, int maxBatch) {
        INDArray x = features(test, 0, test.size());
        INDArray expected = network.output(x, false);
        try (FastForward fast = FastForward.create(network, maxBatch).orElseThrow()) {
            INDArray actual = fast.output(x);
            assertThat(actual.shape()).containsExactly(test.size(), 10);
            assertThat(Nd4j.argMax(actual, 1).toIntVector()).containsExactly(Nd4j.argMax(expected, 1).toIntVector());
            return actual.sub(expected).amaxNumber().doubleValue();
        }
    }

    @Test
    void cnnOutputEqualsDl4jOnTrainedWeights() {
        // 300 images through buffers of 128: two full slices and a partial one
        assertThat(compare(trained(plan("cnn", Optimizer.DEFAULT)), 128)).isLessThan(1e-5);
    }

    @Test
    void mlpOutputEqualsDl4jOnTrainedWeights() {
        assertThat(compare(trained(plan("mlp", Optimizer.DEFAULT)), 300)).isLessThan(1e-5);
    }

    @Test
    void logisticRegressionAndAdamTrainedNetworksTakeTheFastPathToo() {
        MultiLayerNetwork logreg = trained(plan("logreg", Optimizer.DEFAULT));
        assertThat(FastTrainer.unsupportedReason(logreg)).isNotNull();
        assertThat(FastForward.unsupportedReason(logreg)).isNull();
        assertThat(compare(logreg, 64)).isLessThan(1e-5);
        MultiLayerNetwork adam = trained(plan("mlp", new Optimizer("adam", 0.001, 0)));
        assertThat(FastTrainer.unsupportedReason(adam)).contains("plain SGD");
        assertThat(compare(adam, 100)).isLessThan(1e-5);
    }

    @Test
    void followsNewWeightsSetIntoTheNetwork() {
        MultiLayerNetwork network = Networks.build(plan("mlp", Optimizer.DEFAULT));
        INDArray x = features(test, 0, 16);
        try (FastForward fast = FastForward.create(network, 16).orElseThrow()) {
            INDArray before = fast.output(x);
            Networks.setParameters(network, Networks.parameters(trained(plan("mlp", Optimizer.DEFAULT))));
            INDArray after = fast.output(x);
            assertThat(after.equalsWithEps(before, 1e-3)).isFalse();
            assertThat(after.sub(network.output(x, false)).amaxNumber().doubleValue()).isLessThan(1e-5);
        }
    }

    @Test
    void closeFreesOnlyActivationBuffersAndLeavesTheNetworkUsable() {
        MultiLayerNetwork network = Networks.build(plan("cnn", Optimizer.DEFAULT));
        FastForward fast = FastForward.create(network, 8).orElseThrow();
        INDArray x = features(test, 0, 8);
        INDArray out = fast.output(x);
        List<INDArray> buffers = fast.ownedBuffers();

        fast.close();
        fast.close();

        // each conv stage: its output and the pooled output; each dense layer: its output
        assertThat(buffers).hasSize(6).allMatch(INDArray::wasClosed);
        assertThat(network.params().wasClosed()).isFalse();
        assertThat(network.output(x, false).sub(out).amaxNumber().doubleValue()).isLessThan(1e-5);
        assertThatThrownBy(() -> fast.output(x)).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
