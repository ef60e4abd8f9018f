package org.flotilla.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.Optimizer;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prepare two identical networks from one plan, execute the same batches with DL4J's
 * {@code fit} on one and {@link FastTrainer} on the other, assert that parameters and scores agree.
 */
class FastTrainerTest {

    private static final int[] IMAGE = {1, 28, 28};

    private static TrainingPlan plan(String name, Map<String, ?> params, Optimizer optimizer) {
        return TrainingPlans.builtIn(name, params, IMAGE, 10, 1, 32, optimizer, 7, Map.of());
    }

    private static INDArray[] batch(int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[size * 784];
        float[] y = new float[size * 10];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextFloat();
        }
        for (int i = 0; i < size; i++) {
            y[i * 10 + r.nextInt(10)] = 1f;
        }
        return new INDArray[] {Nd4j.create(x, new long[] {size, 784}, 'c'), Nd4j.create(y, new long[] {size, 10}, 'c')};
    }

    /** Trains both networks on the same batches; returns the largest relative difference of the parameter changes. */
    private static double compare(TrainingPlan plan, int... batchSizes) {
        MultiLayerNetwork reference = Networks.build(plan);
        MultiLayerNetwork fast = Networks.build(plan);
        float[] initial = Networks.parameters(reference);
        FastTrainer trainer = FastTrainer.create(fast, 32).orElseThrow();
        long seed = 1;
        for (int size : batchSizes) {
            INDArray[] b = batch(size, seed++);
            reference.fit(b[0], b[1]);
            double score = trainer.fit(b[0], b[1]);
            assertThat(score).isCloseTo(reference.score(), org.assertj.core.data.Offset.offset(1e-4 * (1 + reference.score())));
        }
        float[] expected = Networks.parameters(reference);
        float[] actual = Networks.parameters(fast);
        double maxChange = 0;
        double maxError = 0;
        for (int i = 0; i < expected.length; i++) {
            maxChange = Math.max(maxChange, Math.abs(expected[i] - initial[i]));
            maxError = Math.max(maxError, Math.abs(expected[i] - actual[i]));
        }
        assertThat(maxChange).as("the steps change the parameters").isGreaterThan(1e-4);
        return maxError / maxChange;
    }

    @Test
    void mlpStepsMatchDl4j() {
        assertThat(compare(plan("mlp", Map.of(), Optimizer.DEFAULT), 32, 32, 7)).isLessThan(1e-3);
    }

    @Test
    void cnnStepsMatchDl4j() {
        TrainingPlan narrow = plan("cnn", Map.of("conv1", 4, "conv2", 6, "dense", 24), new Optimizer("sgd", 0.1, 0));
        assertThat(compare(narrow, 16, 16, 5)).isLessThan(1e-3);
    }

    @Test
    void keepsTrainingTheNetworkAfterNewGlobalWeightsAreSet() {
        TrainingPlan plan = plan("mlp", Map.of(), Optimizer.DEFAULT);
        MultiLayerNetwork reference = Networks.build(plan);
        MultiLayerNetwork fast = Networks.build(plan);
        FastTrainer trainer = FastTrainer.create(fast, 32).orElseThrow();
        INDArray[] first = batch(32, 5);
        trainer.fit(first[0], first[1]);
        float[] global = Networks.parameters(reference);
        for (int i = 0; i < global.length; i++) {
            global[i] *= 0.5f;
        }
        Networks.setParameters(reference, global);
        Networks.setParameters(fast, global);
        INDArray[] next = batch(32, 6);
        reference.fit(next[0], next[1]);
        trainer.fit(next[0], next[1]);
        float[] expected = Networks.parameters(reference);
        float[] actual = Networks.parameters(fast);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void theOutputOfTheUpdatedNetworkMatchesDl4jTraining() {
        TrainingPlan plan = plan("cnn", Map.of("conv1", 4, "conv2", 6, "dense", 24), Optimizer.DEFAULT);
        MultiLayerNetwork reference = Networks.build(plan);
        MultiLayerNetwork fast = Networks.build(plan);
        FastTrainer trainer = FastTrainer.create(fast, 8).orElseThrow();
        INDArray[] b = batch(8, 3);
        reference.fit(b[0], b[1]);
        trainer.fit(b[0], b[1]);
        INDArray[] probe = batch(4, 4);
        INDArray expected = reference.output(probe[0]);
        INDArray actual = fast.output(probe[0]);
        assertThat(actual.sub(expected).amaxNumber().doubleValue()).isLessThan(1e-5);
    }

    @Test
    void replicasTrainedOnConcurrentThreadsMatchSequentialTraining() throws Exception {
        TrainingPlan plan = plan("mlp", Map.of(), Optimizer.DEFAULT);
        float[][] sequential = new float[2][];
        for (int r = 0; r < 2; r++) {
            MultiLayerNetwork net = Networks.build(plan);
            FastTrainer trainer = FastTrainer.create(net, 32).orElseThrow();
            for (int i = 0; i < 20; i++) {
                INDArray[] b = batch(32, 100L * r + i);
                trainer.fit(b[0], b[1]);
            }
            sequential[r] = Networks.parameters(net);
        }
        float[][] concurrent = new float[2][];
        Thread[] threads = new Thread[2];
        for (int r = 0; r < 2; r++) {
            int replica = r;
            MultiLayerNetwork net = Networks.build(plan);
            FastTrainer trainer = FastTrainer.create(net, 32).orElseThrow();
            List<INDArray[]> batches = new java.util.ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batches.add(batch(32, 100L * r + i));
            }
            threads[r] = new Thread(() -> {
                batches.forEach(b -> trainer.fit(b[0], b[1]));
                concurrent[replica] = Networks.parameters(net);
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertThat(concurrent[0]).containsExactly(sequential[0]);
        assertThat(concurrent[1]).containsExactly(sequential[1]);
    }

    @Test
    void countsCorrectPredictionsOfTheLastBatchBeforeItsStep() {
        TrainingPlan plan = plan("mlp", Map.of(), Optimizer.DEFAULT);
        MultiLayerNetwork reference = Networks.build(plan);
        FastTrainer trainer = FastTrainer.create(Networks.build(plan), 32).orElseThrow();
        INDArray[] b = batch(32, 9);
        int[] predicted = Nd4j.argMax(reference.output(b[0]), 1).toIntVector();
        trainer.fit(b[0], b[1]);
        assertThat(trainer.countCorrect(predicted)).isEqualTo(32);
        int[] labels = Nd4j.argMax(b[1], 1).toIntVector();
        long expected = java.util.stream.IntStream.range(0, 32).filter(i -> predicted[i] == labels[i]).count();
        assertThat(trainer.countCorrect(labels)).isEqualTo((int) expected);
    }

    @Test
    void declinesWhatItDoesNotImplement() {
        MultiLayerNetwork adam = Networks.build(plan("mlp", Map.of(), new Optimizer("adam", 0.001, 0)));
        assertThat(FastTrainer.unsupportedReason(adam)).contains("plain SGD");
        assertThat(FastTrainer.create(adam, 32)).isEmpty();
        MultiLayerNetwork logreg = Networks.build(plan("logreg", Map.of(), Optimizer.DEFAULT));
        assertThat(FastTrainer.unsupportedReason(logreg)).isNotNull();
        assertThat(FastTrainer.unsupportedReason(Networks.build(plan("cnn", Map.of(), Optimizer.DEFAULT)))).isNull();
    }

    @Test
    void rejectsBatchesLargerThanItsBuffers() {
        FastTrainer trainer = FastTrainer.create(Networks.build(plan("mlp", Map.of(), Optimizer.DEFAULT)), 4).orElseThrow();
        INDArray[] b = batch(5, 1);
        assertThatThrownBy(() -> trainer.fit(b[0], b[1])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeFreesItsOwnBuffersAndLeavesTheNetworkUsable() {
        // Prepare: a trained cnn (both stages pooled, two dense layers)
        TrainingPlan plan = plan("cnn", Map.of("conv1", 4, "conv2", 6, "dense", 24), Optimizer.DEFAULT);
        MultiLayerNetwork network = Networks.build(plan);
        FastTrainer trainer = FastTrainer.create(network, 8).orElseThrow();
        INDArray[] b = batch(8, 3);
        trainer.fit(b[0], b[1]);
        List<INDArray> buffers = trainer.ownedBuffers();
        float[] trained = Networks.parameters(network);
        INDArray before = network.output(b[0]);
        assertThat(buffers).noneMatch(INDArray::wasClosed);

        // Execute
        trainer.close();
        trainer.close();

        // Assert: conv1 owns 7 arrays (its input gradient too), conv2 6 (it borrows conv1's output
        // gradient), each dense layer 3; all freed, the network's parameters untouched
        assertThat(buffers).hasSize(19).allMatch(INDArray::wasClosed);
        assertThat(trainer.isClosed()).isTrue();
        assertThat(network.params().wasClosed()).isFalse();
        assertThat(Networks.parameters(network)).containsExactly(trained);
        assertThat(network.output(b[0]).equalsWithEps(before, 1e-6)).isTrue();
        assertThatThrownBy(() -> trainer.fit(b[0], b[1])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }
}
