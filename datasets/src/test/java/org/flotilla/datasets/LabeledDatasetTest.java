package org.flotilla.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LabeledDatasetTest {

    @Test
    void reportsSizesAndHistogram() {
        // Prepare
        float[] features = new float[3 * 4];
        int[] labels = {0, 2, 2};

        // Execute
        LabeledDataset data = new LabeledDataset(features, labels, new int[] {1, 2, 2}, 3);

        // Assert
        assertThat(data.size()).isEqualTo(3);
        assertThat(data.featureCount()).isEqualTo(4);
        assertThat(data.labelHistogram()).containsExactly(1, 0, 2);
        assertThat(data.exampleShape()).containsExactly(1, 2, 2);
    }

    @Test
    void rejectsInconsistentArrays() {
        assertThatThrownBy(() -> new LabeledDataset(new float[5], new int[] {0, 1}, new int[] {3}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 values");
        assertThatThrownBy(() -> new LabeledDataset(new float[2], new int[] {0, 2}, new int[] {1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("label 2");
    }

    @Test
    void subsetCopiesRowsInGivenOrder() {
        // Prepare
        LabeledDataset data = TestData.indexed(5, 3);

        // Execute
        LabeledDataset subset = data.subset(new int[] {4, 1});

        // Assert
        assertThat(subset.features()).containsExactly(4f, 1f);
        assertThat(subset.labels()).containsExactly(1, 1);
        assertThat(subset.numClasses()).isEqualTo(3);
    }

    @Test
    void heldOutSplitIsDisjointCompleteAndSeeded() {
        // Prepare
        LabeledDataset data = TestData.indexed(100, 10);

        // Execute
        LabeledDataset.Split a = data.splitHeldOut(0.1, 7);
        LabeledDataset.Split b = data.splitHeldOut(0.1, 7);
        LabeledDataset.Split c = data.splitHeldOut(0.1, 8);

        // Assert
        assertThat(a.heldOut().size()).isEqualTo(10);
        assertThat(a.train().size()).isEqualTo(90);
        float[] all = concat(a.train().features(), a.heldOut().features());
        Arrays.sort(all);
        assertThat(all).containsExactly(toFloats(IntStream.range(0, 100).toArray()));
        assertThat(a.heldOut().features()).containsExactly(b.heldOut().features());
        assertThat(a.heldOut().features()).isNotEqualTo(c.heldOut().features());
    }

    @Test
    void heldOutSplitKeepsOneTrainingExample() {
        LabeledDataset.Split split = TestData.indexed(2, 2).splitHeldOut(0.9, 1);

        assertThat(split.train().size()).isEqualTo(1);
        assertThat(split.heldOut().size()).isEqualTo(1);
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static float[] toFloats(int[] values) {
        float[] out = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }
}
