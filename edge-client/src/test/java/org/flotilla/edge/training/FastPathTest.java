package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.testing.LogCapture;
import org.flotilla.edge.testing.TestData;
import org.flotilla.kernels.FastTrainer;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The worker path with {@link FastTrainer} against the same path with DL4J's {@code fit}: the same
 * plan, data, seeds, workers and settings on both, checked to agree within float tolerance.
 */
class FastPathTest {

    private static final TrainingPlan MLP = TestData.mlpPlan(20, 4, 2, 16, Map.of());
    /** The cnn's real 28×28 shapes with few channels, so that DL4J's side stays quick. */
    private static final TrainingPlan NARROW_CNN = TrainingPlans.builtIn("cnn",
            Map.of("conv1", 4, "conv2", 6, "dense", 24), new int[] {1, 28, 28}, 10, 1, 16,
            new Optimizer("sgd", 0.1, 0), 7, Map.of());

    @Test
    void fedProxWithReplicaAveragingOnTheFastPathEqualsDl4jFit() {
        // Prepare: 2 workers averaging every 2 batches, FedProx μ = 0.5, two epochs.
        LabeledDataset data = TestData.blobs(400, 20, 4, 5);
        TrainingOptions options = new TrainingOptions(2, 2, 2, 16, 3, 0.1, 0.5, 2);

        // Execute
        Run fast = run(MLP, data, options);
        Run dl4j = run(MLP, data, options.withFastTrainer(false));

        // Assert
        assertSameTraining(fast, dl4j);
        assertThat(fast.result.averagings()).isEqualTo(dl4j.result.averagings()).isPositive();
    }

    @Test
    void theNarrowCnnWithFedProxOnTheFastPathEqualsDl4jFit() {
        LabeledDataset data = TestData.blobs(160, 784, 10, 6);
        TrainingOptions options = new TrainingOptions(2, 2, 1, 16, 3, 0.1, 0.2, 2);

        Run fast = run(NARROW_CNN, data, options);
        Run dl4j = run(NARROW_CNN, data, options.withFastTrainer(false));

        assertSameTraining(fast, dl4j);
    }

    @Test
    void theTrainerSeesParametersReplacedBySetParametersAndByAveraging() {
        // Prepare: a network with its trainer, a twin trained by DL4J, a second replica to average with.
        MultiLayerNetwork withTrainer = Networks.build(MLP);
        MultiLayerNetwork twin = Networks.build(MLP);
        MultiLayerNetwork other = Networks.build(TestData.mlpPlan(20, 4, 2, 16, Map.of()));
        FastTrainer trainer = FastTrainer.create(withTrainer, 16).orElseThrow();
        float[] global = Networks.parameters(twin);
        for (int i = 0; i < global.length; i++) {
            global[i] = global[i] * 0.5f + 0.01f * (i % 7);
        }
        Networks.setParameters(other, Networks.parameters(twin));
        other.params().muli(-1);
        DataSet batch = batch(16, 1);

        // Execute: new global weights, a step, an averaging with the other replica, another step.
        Networks.setParameters(withTrainer, global);
        Networks.setParameters(twin, global);
        trainer.fit(batch.getFeatures(), batch.getLabels());
        twin.fit(batch);
        MultiLayerNetwork otherCopy = other.clone();
        ReplicaAveraging.average(List.of(withTrainer, other), new double[] {16, 48});
        ReplicaAveraging.average(List.of(twin, otherCopy), new double[] {16, 48});
        DataSet next = batch(16, 2);
        trainer.fit(next.getFeatures(), next.getLabels());
        twin.fit(next);

        // Assert: the trainer stepped from exactly the parameters the network was given.
        float[] expected = Networks.parameters(twin);
        float[] actual = Networks.parameters(withTrainer);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void eachRoundLogsItsPathAndWhyOnce() {
        LabeledDataset data = TestData.blobs(64, 20, 4, 7);
        TrainingPlan adam = TrainingPlans.builtIn("mlp", Map.of("hidden", List.of(32)), new int[] {20}, 4, 1, 16,
                new Optimizer("adam", 0.01, 0), 7, Map.of());
        TrainingOptions options = new TrainingOptions(2, 4, 1, 16, 1, 0.1, 0, 2);
        try (LogCapture log = new LogCapture()) {
            LocalTrainer.train(Networks.build(MLP), data, options, new StopSignal());
            LocalTrainer.train(Networks.build(adam), data, options, new StopSignal());
            LocalTrainer.train(Networks.build(MLP), data, options.withFastTrainer(false), new StopSignal());

            List<String> paths = log.messages().stream().filter(m -> m.startsWith("local training: ")).toList();
            assertThat(paths).hasSize(3);
            assertThat(paths.get(0)).contains("FastTrainer").contains("2 worker(s)").doesNotContain("DL4J");
            assertThat(paths.get(1)).contains("DL4J fit").contains("only plain SGD");
            assertThat(paths.get(2)).contains("DL4J fit").contains("turned off");
        }
    }

    /** Trains a fresh network of {@code plan}; keeps the starting parameters for comparisons. */
    private static Run run(TrainingPlan plan, LabeledDataset data, TrainingOptions options) {
        MultiLayerNetwork net = Networks.build(plan);
        float[] initial = Networks.parameters(net);
        TrainingResult r = LocalTrainer.train(net, data, options, new StopSignal());
        return new Run(initial, r);
    }

    private static void assertSameTraining(Run fast, Run dl4j) {
        assertThat(fast.initial).containsExactly(dl4j.initial);
        float[] a = fast.result.parameters();
        float[] b = dl4j.result.parameters();
        double maxChange = 0;
        double maxError = 0;
        for (int i = 0; i < a.length; i++) {
            maxChange = Math.max(maxChange, Math.abs(b[i] - dl4j.initial[i]));
            maxError = Math.max(maxError, Math.abs(a[i] - b[i]));
        }
        assertThat(maxChange).as("training changed the parameters").isGreaterThan(1e-3);
        assertThat(maxError / maxChange).as("largest difference relative to the largest change").isLessThan(1e-3);
        assertThat(fast.result.trainLoss()).isCloseTo(dl4j.result.trainLoss(), within(1e-4));
        assertThat(fast.result.trainAccuracy()).isCloseTo(dl4j.result.trainAccuracy(), within(0.02));
        assertThat(fast.result.examplesSeen()).isEqualTo(dl4j.result.examplesSeen());
    }

    private static DataSet batch(int size, long seed) {
        LabeledDataset d = TestData.blobs(size, 20, 4, seed);
        INDArray x = Nd4j.create(d.features(), new long[] {size, 20}, 'c');
        INDArray y = Nd4j.zeros(size, 4);
        for (int i = 0; i < size; i++) {
            y.putScalar(i, d.label(i), 1f);
        }
        return new DataSet(x, y);
    }

    private record Run(float[] initial, TrainingResult result) {
    }
}
