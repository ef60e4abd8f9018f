package org.flotilla.datasets.partition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.stream.Stream;
import org.flotilla.datasets.partition.QuantitySkewPartitioner.Distribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every partitioner promises: determinism per seed, an exact cover, no empty client. */
class PartitionerContractTest {

    static Stream<Partitioner> partitioners() {
        return Stream.of(new IidPartitioner(), new DirichletPartitioner(0.5), new DirichletPartitioner(100),
                new ShardPartitioner(), new ShardPartitioner(3), QuantitySkewPartitioner.of(Distribution.POWER_LAW),
                QuantitySkewPartitioner.of(Distribution.LOGNORMAL));
    }

    static int[] labels() {
        int[] labels = new int[1000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (i * 7) % 10;
        }
        return labels;
    }

    @ParameterizedTest
    @MethodSource("partitioners")
    void sameSeedGivesSameSplit(Partitioner partitioner) {
        Partition first = partitioner.split(labels(), 10, 8, 42);
        Partition second = partitioner.split(labels(), 10, 8, 42);

        assertThat(second).isEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("partitioners")
    void differentSeedGivesDifferentSplit(Partitioner partitioner) {
        Partition first = partitioner.split(labels(), 10, 8, 42);
        Partition second = partitioner.split(labels(), 10, 8, 43);

        assertThat(second).isNotEqualTo(first);
    }

    @ParameterizedTest
    @MethodSource("partitioners")
    void everyExampleInExactlyOneNonEmptyClient(Partitioner partitioner) {
        // Execute
        Partition partition = partitioner.split(labels(), 10, 8, 7);

        // Assert
        assertThat(partition.clients()).isEqualTo(8);
        assertThat(partition.coversExactly(1000)).isTrue();
        assertThat(Arrays.stream(partition.sizes()).min().orElseThrow()).isPositive();
        int[][] histograms = partition.labelHistograms(labels(), 10);
        int total = 0;
        for (int[] histogram : histograms) {
            for (int count : histogram) {
                total += count;
            }
        }
        assertThat(total).isEqualTo(1000);
    }

    @ParameterizedTest
    @MethodSource("partitioners")
    void refusesMoreClientsThanExamples(Partitioner partitioner) {
        assertThatThrownBy(() -> partitioner.split(new int[] {0, 1, 0}, 2, 4, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("use fewer clients");
    }
}
