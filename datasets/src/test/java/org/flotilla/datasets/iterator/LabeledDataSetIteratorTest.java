package org.flotilla.datasets.iterator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.TestData;
import org.flotilla.datasets.mnist.FashionMnist;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

class LabeledDataSetIteratorTest {

    @Test
    void batchesHaveFlatFeaturesAndOneHotLabels() {
        // Prepare
        LabeledDataset data = TestData.indexed(10, 3);
        LabeledDataSetIterator iterator = LabeledDataSetIterator.builder(data).batchSize(4).shuffle(false).build();

        // Execute
        List<DataSet> batches = drain(iterator);

        // Assert
        assertThat(batches).hasSize(3);
        DataSet first = batches.get(0);
        assertThat(first.getFeatures().shape()).containsExactly(4, 1);
        assertThat(first.getFeatures().dataType()).isEqualTo(DataType.FLOAT);
        assertThat(first.getLabels().shape()).containsExactly(4, 3);
        assertThat(first.getLabels().getRow(2).toFloatVector()).containsExactly(0f, 0f, 1f);
        assertThat(batches.get(2).numExamples()).isEqualTo(2);
        assertThat(iterator.inputColumns()).isEqualTo(1);
        assertThat(iterator.totalOutcomes()).isEqualTo(3);
        assertThat(iterator.batch()).isEqualTo(4);
        assertThat(iterator.resetSupported()).isTrue();
        assertThat(iterator.asyncSupported()).isTrue();
    }

    @Test
    void dropLastSkipsThePartialBatch() {
        LabeledDataSetIterator iterator = LabeledDataSetIterator.builder(TestData.indexed(10, 3)).batchSize(4)
                .dropLast(true).build();

        assertThat(drain(iterator)).hasSize(2);
        assertThatThrownBy(iterator::next).isInstanceOf(NoSuchElementException.class).hasMessageContaining("reset()");
    }

    @Test
    void imagesArriveFlatAndScaledToUnitRange(@TempDir Path dir) {
        // Prepare
        TestData.writeMnistFolder(dir, 5, 1, true);
        LabeledDataset images = FashionMnist.loadTrain(dir);

        // Execute
        DataSet batch = new LabeledDataSetIterator(images, 5, 1).next();

        // Assert
        assertThat(batch.getFeatures().shape()).containsExactly(5, 784);
        assertThat(batch.getFeatures().minNumber().floatValue()).isGreaterThanOrEqualTo(0f);
        assertThat(batch.getFeatures().maxNumber().floatValue()).isLessThanOrEqualTo(1f);
        assertThat(batch.getLabels().sum(1).toFloatVector()).containsOnly(1f);
    }

    @Test
    void shuffleIsSeededAndResetMovesToAnotherDeterministicEpoch() {
        // Prepare
        LabeledDataset data = TestData.indexed(50, 5);
        LabeledDataSetIterator a = new LabeledDataSetIterator(data, 8, 99);
        LabeledDataSetIterator b = new LabeledDataSetIterator(data, 8, 99);
        LabeledDataSetIterator other = new LabeledDataSetIterator(data, 8, 100);

        // Execute
        List<Integer> epoch0 = order(a);
        a.reset();
        List<Integer> epoch1 = order(a);
        List<Integer> sameSeed0 = order(b);
        b.reset();
        List<Integer> sameSeed1 = order(b);

        // Assert
        assertThat(sameSeed0).isEqualTo(epoch0);
        assertThat(sameSeed1).isEqualTo(epoch1);
        assertThat(epoch1).isNotEqualTo(epoch0).containsExactlyInAnyOrderElementsOf(epoch0);
        assertThat(epoch0).containsExactlyInAnyOrderElementsOf(range(50)).isNotEqualTo(range(50));
        assertThat(order(other)).isNotEqualTo(epoch0);
        assertThat(a.epoch()).isEqualTo(1);
    }

    @Test
    void shardsAreDisjointCoverTheDataEachEpochAndRotate() {
        // Prepare
        LabeledDataset data = TestData.indexed(23, 2);
        List<LabeledDataSetIterator> shards = new LabeledDataSetIterator(data, 4, 5).shards(3);

        // Execute
        List<Integer> epoch0 = new ArrayList<>();
        List<Integer> firstShardEpoch0 = order(shards.get(0));
        epoch0.addAll(firstShardEpoch0);
        epoch0.addAll(order(shards.get(1)));
        epoch0.addAll(order(shards.get(2)));
        shards.forEach(LabeledDataSetIterator::reset);
        List<Integer> epoch1 = new ArrayList<>();
        List<Integer> firstShardEpoch1 = order(shards.get(0));
        epoch1.addAll(firstShardEpoch1);
        epoch1.addAll(order(shards.get(1)));
        epoch1.addAll(order(shards.get(2)));

        // Assert
        assertThat(epoch0).containsExactlyInAnyOrderElementsOf(range(23));
        assertThat(epoch1).containsExactlyInAnyOrderElementsOf(range(23));
        assertThat(shards).extracting(LabeledDataSetIterator::numExamples).containsExactly(8, 8, 7);
        assertThat(firstShardEpoch1).isNotEqualTo(firstShardEpoch0);
    }

    @Test
    void shardOfAShardIsRefused() {
        LabeledDataSetIterator shard = new LabeledDataSetIterator(TestData.indexed(4, 2), 2, 1).shard(0, 2);

        assertThatThrownBy(() -> shard.shard(0, 2)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void nextExamplesNamesTheExamplesNextWouldReturn() {
        // Prepare: two shards of the same settings, two epochs each
        LabeledDataSetIterator full = LabeledDataSetIterator.builder(TestData.indexed(11, 3)).batchSize(4).seed(5).build();
        LabeledDataSetIterator byBatch = full.shard(1, 2);
        LabeledDataSetIterator byIndex = full.shard(1, 2);

        for (int epoch = 0; epoch < 2; epoch++) {
            // Execute
            List<Integer> expected = order(byBatch);
            List<Integer> actual = new ArrayList<>();
            while (byIndex.hasNext()) {
                for (int example : byIndex.nextExamples(4)) {
                    actual.add(example);   // indexed(): example i has the feature value i
                }
            }

            // Assert
            assertThat(actual).isEqualTo(expected).hasSize(5);
            byBatch.reset();
            byIndex.reset();
        }
        assertThatThrownBy(() -> full.nextExamples(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<DataSet> drain(LabeledDataSetIterator iterator) {
        List<DataSet> batches = new ArrayList<>();
        while (iterator.hasNext()) {
            batches.add(iterator.next());
        }
        return batches;
    }

    private static List<Integer> order(LabeledDataSetIterator iterator) {
        List<Integer> seen = new ArrayList<>();
        for (DataSet batch : drain(iterator)) {
            for (float value : batch.getFeatures().toFloatVector()) {
                seen.add((int) value);
            }
        }
        return seen;
    }

    private static List<Integer> range(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i);
        }
        return out;
    }
}
