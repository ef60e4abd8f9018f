package org.flotilla.datasets.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.flotilla.datasets.TestData;
import org.flotilla.datasets.partition.QuantitySkewPartitioner.Distribution;
import org.junit.jupiter.api.Test;

/** The non-IID partitioners produce the skew they are named for. */
class SkewTest {

    private static final int[] LABELS = PartitionerContractTest.labels();

    @Test
    void dirichletWithSmallAlphaIsMuchMoreSkewedThanWithLargeAlpha() {
        // Execute
        double skewed = meanTotalVariation(new DirichletPartitioner(0.1).split(LABELS, 10, 10, 1));
        double nearIid = meanTotalVariation(new DirichletPartitioner(100).split(LABELS, 10, 10, 1));

        // Assert
        assertThat(skewed).isGreaterThan(0.4);
        assertThat(nearIid).isLessThan(0.15);
        assertThat(skewed).isGreaterThan(3 * nearIid);
    }

    @Test
    void iidClientsFollowTheGlobalDistributionAndHaveEqualSizes() {
        Partition partition = new IidPartitioner().split(LABELS, 10, 10, 1);

        assertThat(meanTotalVariation(partition)).isLessThan(0.15);
        assertThat(partition.sizes()).containsOnly(100);
    }

    @Test
    void shardsGiveEachClientAtMostTwoLabelsWhenShardsAlignWithClasses() {
        // Prepare: 10 classes x 100, sorted; 10 clients x 2 shards of 50
        int[] sorted = TestData.sortedLabels(10, 100);

        // Execute
        Partition partition = new ShardPartitioner().split(sorted, 10, 10, 3);

        // Assert
        for (int[] histogram : partition.labelHistograms(sorted, 10)) {
            assertThat(Arrays.stream(histogram).filter(c -> c > 0).count()).isBetween(1L, 2L);
        }
    }

    @Test
    void shardsGiveEachClientAtMostFourLabelsWhenShardsStraddleClasses() {
        // Prepare: shard boundaries do not fall on class boundaries
        int[] labels = TestData.sortedLabels(10, 97);

        // Execute
        Partition partition = new ShardPartitioner().split(labels, 10, 7, 3);

        // Assert
        for (int[] histogram : partition.labelHistograms(labels, 10)) {
            assertThat(Arrays.stream(histogram).filter(c -> c > 0).count()).isBetween(1L, 4L);
        }
    }

    @Test
    void quantitySkewMakesSizesUnequalButKeepsLabelsIid() {
        // Execute
        Partition partition = new QuantitySkewPartitioner(Distribution.LOGNORMAL, 1.5, 1).split(LABELS, 10, 10, 5);

        // Assert
        int[] sizes = partition.sizes();
        int max = Arrays.stream(sizes).max().orElseThrow();
        int min = Arrays.stream(sizes).min().orElseThrow();
        assertThat(max).isGreaterThan(4 * min);
        int largest = 0;
        for (int c = 1; c < sizes.length; c++) {
            largest = sizes[c] > sizes[largest] ? c : largest;
        }
        int[] histogram = partition.labelHistograms(LABELS, 10)[largest];
        assertThat(totalVariation(histogram)).isLessThan(0.15);
    }

    @Test
    void quantitySkewHonoursTheMinimumPerClient() {
        Partition partition = new QuantitySkewPartitioner(Distribution.POWER_LAW, 0.5, 20).split(LABELS, 10, 30, 5);

        assertThat(Arrays.stream(partition.sizes()).min().orElseThrow()).isGreaterThanOrEqualTo(20);
        assertThat(Arrays.stream(partition.sizes()).sum()).isEqualTo(1000);
    }

    @Test
    void apportionSplitsExactlyByLargestRemainder() {
        assertThat(QuantitySkewPartitioner.apportion(10, new double[] {1, 1, 1})).containsExactly(4, 3, 3);
        assertThat(QuantitySkewPartitioner.apportion(7, new double[] {3, 1})).containsExactly(5, 2);
    }

    @Test
    void dirichletGivesUpWithAdviceWhenClientsStayEmpty() {
        DirichletPartitioner hopeless = new DirichletPartitioner(1e-4, 5, 3);

        assertThatThrownBy(() -> hopeless.split(new int[] {0, 1, 0, 1, 0, 1, 0, 1, 0, 1}, 2, 2, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("use a larger alpha or fewer clients");
    }

    @Test
    void gammaSamplesHaveTheRightMeanAndDirichletSumsToOne() {
        // Prepare
        SplittableRandom random = new SplittableRandom(11);

        // Execute
        double mean = 0;
        double smallMean = 0;
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            mean += Math.exp(DirichletSampler.logGamma(2.5, random)) / n;
            smallMean += Math.exp(DirichletSampler.logGamma(0.3, random)) / n;
        }
        double[] tiny = DirichletSampler.sample(0.001, 50, random);

        // Assert
        assertThat(mean).isCloseTo(2.5, org.assertj.core.data.Offset.offset(0.05));
        assertThat(smallMean).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.02));
        assertThat(Arrays.stream(tiny).sum()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(Arrays.stream(tiny).min().orElseThrow()).isGreaterThanOrEqualTo(0.0);
        assertThat(Arrays.stream(tiny).max().orElseThrow()).isLessThanOrEqualTo(1.0);
    }

    /** Mean over clients of the total-variation distance between client and global label distributions. */
    private static double meanTotalVariation(Partition partition) {
        return Arrays.stream(partition.labelHistograms(LABELS, 10)).mapToDouble(SkewTest::totalVariation).average()
                .orElseThrow();
    }

    private static double totalVariation(int[] histogram) {
        double total = Arrays.stream(histogram).sum();
        double distance = 0;
        for (int count : histogram) {
            distance += Math.abs(count / total - 0.1);
        }
        return distance / 2;
    }
}
