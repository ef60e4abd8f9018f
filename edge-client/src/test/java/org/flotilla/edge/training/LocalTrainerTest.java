package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;

class LocalTrainerTest {

    private static final LabeledDataset DATA = TestData.blobs(600, 20, 4, 1);
    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 3, 16, Map.of());

    private static TrainingOptions options(int workers, int k) {
        return new TrainingOptions(workers, k, PLAN.localEpochs(), PLAN.batchSize(), PLAN.seed(),
                PLAN.optimizer().learningRate(), 0, 4);
    }

    @Test
    void oneAndFourWorkersLearnTheBlobs() {
        for (int workers : new int[] {1, 4}) {
            MultiLayerNetwork net = Networks.build(PLAN);
            TrainingResult r = LocalTrainer.train(net, DATA, options(workers, 4), new StopSignal());

            assertThat(r.completed()).isTrue();
            assertThat(r.workers()).isEqualTo(workers);
            assertThat(r.epochs()).isEqualTo(3);
            assertThat(r.examplesSeen()).isEqualTo(3L * DATA.size());
            assertThat(r.trainAccuracy()).as("train accuracy with %d workers", workers).isGreaterThan(0.6);
            assertThat(r.trainLoss()).isLessThan(Math.log(4));
            assertThat(r.parameters()).containsExactly(Networks.parameters(net));
            assertThat(r.averagings()).isEqualTo(workers == 1 ? 0 : 3 * (int) Math.ceil(150 / 16.0 / 4));
            net.close();
        }
    }

    @Test
    void twoWorkersAveragingEveryBatchEqualOneWorkerWithTheDoubleBatch() {
        // Worker shards interleave the epoch's permutation, so the two half-batches of a step are
        // exactly the one full batch; with plain SGD the example-weighted mean of the replicas
        // after one step each equals one step on the full batch.
        TrainingPlan plan = TestData.mlpPlan(20, 4, 2, 32, Map.of());
        MultiLayerNetwork single = Networks.build(plan);
        MultiLayerNetwork pair = Networks.build(plan);
        LabeledDataset data = TestData.blobs(200, 20, 4, 2);

        TrainingResult one = LocalTrainer.train(single, data,
                new TrainingOptions(1, 1, 2, 32, plan.seed(), 0.1, 0, 4), new StopSignal());
        TrainingResult two = LocalTrainer.train(pair, data,
                new TrainingOptions(2, 1, 2, 16, plan.seed(), 0.1, 0, 4), new StopSignal());

        float[] a = one.parameters();
        float[] b = two.parameters();
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).as("parameter %d", i).isCloseTo(a[i], within(1e-4f));
        }
        assertThat(two.averagings()).isEqualTo(2 * 7);
    }

    @Test
    void recordedIntervalsGiveTheReportedParallelism() {
        MultiLayerNetwork net = Networks.build(PLAN);
        TrainingResult r = LocalTrainer.train(net, DATA, options(2, 4), new StopSignal());

        assertThat(r.busyIntervals()).hasSize(2);
        long busy = 0;
        for (List<Interval> worker : r.busyIntervals()) {
            assertThat(worker).isNotEmpty();
            for (int i = 1; i < worker.size(); i++) {
                assertThat(worker.get(i).start()).isGreaterThanOrEqualTo(worker.get(i - 1).end());
            }
            assertThat(worker.getFirst().start()).isGreaterThanOrEqualTo(r.windowStart());
            assertThat(worker.getLast().end()).isLessThanOrEqualTo(r.windowEnd());
            busy += worker.stream().mapToLong(Interval::length).sum();
        }
        ParallelismProfile p = ThreadLevelParallelism.measure(
                r.busyIntervals().stream().flatMap(List::stream).toList(), r.windowStart(), r.windowEnd());
        assertThat(p).isEqualTo(r.parallelism());
        // TLP is a ratio of sums of doubles: exactly 1.0 (no overlap at all) may come out one ulp below.
        assertThat(p.tlp()).isBetween(1.0 - 1e-9, 2.0 + 1e-9);
        // Σ i·c_i · window = total busy time, whatever the overlap.
        double weighted = 0;
        for (int i = 0; i < p.fractions().length; i++) {
            weighted += i * p.fraction(i);
        }
        assertThat(weighted * p.windowNanos()).isCloseTo((double) busy, within(busy * 1e-9 + 2));
        net.close();
    }

    @Test
    void sameSeedSameParameters() {
        MultiLayerNetwork a = Networks.build(PLAN);
        MultiLayerNetwork b = Networks.build(PLAN);
        float[] pa = LocalTrainer.train(a, DATA, options(1, 4), new StopSignal()).parameters();
        float[] pb = LocalTrainer.train(b, DATA, options(1, 4), new StopSignal()).parameters();
        assertThat(pa).containsExactly(pb);
    }

    @Test
    void aStopRequestEndsTrainingAtABatchBoundary() {
        MultiLayerNetwork net = Networks.build(PLAN);
        StopSignal stop = new StopSignal();
        stop.request("test");
        TrainingResult r = LocalTrainer.train(net, DATA, options(2, 4), stop);
        assertThat(r.completed()).isFalse();
        assertThat(r.examplesSeen()).isZero();
        net.close();
    }
}
