package org.flotilla.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeterogeneityTest {

    @Test
    void drawsAreReproducibleAndFollowTheirProbabilities() {
        Heterogeneity h = new Heterogeneity(0, 0.3, 5, 0.8, 0.1, 7);
        int slow = 0;
        int online = 0;
        int dropped = 0;
        int n = 20_000;
        for (int c = 0; c < n; c++) {
            double f = h.speedFactor(c);
            assertThat(f).isIn(1.0, 5.0);
            slow += f == 5 ? 1 : 0;
            online += h.online(c, 3) ? 1 : 0;
            dropped += h.dropsOut(c, 3) ? 1 : 0;
            assertThat(h.speedFactor(c)).isEqualTo(f);
            assertThat(h.online(c, 3)).isEqualTo(new Heterogeneity(0, 0.3, 5, 0.8, 0.1, 7).online(c, 3));
        }
        assertThat(slow / (double) n).isBetween(0.28, 0.32);
        assertThat(online / (double) n).isBetween(0.78, 0.82);
        assertThat(dropped / (double) n).isBetween(0.09, 0.11);
        // Another seed, another population; another round, another availability draw.
        assertThat(countDifferent(h, h.withSeed(8))).isGreaterThan(n / 10);
    }

    @Test
    void logNormalSpeedsAreAtLeastOneWithTheRightMedian() {
        Heterogeneity h = new Heterogeneity(0.5, 0, 1, 1, 0, 1);
        double[] f = new double[10_001];
        for (int c = 0; c < f.length; c++) {
            f[c] = h.speedFactor(c);
            assertThat(f[c]).isGreaterThanOrEqualTo(1);
        }
        java.util.Arrays.sort(f);
        // exp(|N(0, σ²)|): the median of |N(0,1)| is 0.6745.
        assertThat(f[f.length / 2]).isCloseTo(Math.exp(0.5 * 0.6745), org.assertj.core.data.Offset.offset(0.03));
    }

    @Test
    void shardsSplitThePopulationIntoDisjointSlices() {
        int n = 1000;
        int[] hosts = new int[n];
        for (int i = 0; i < 4; i++) {
            Shard s = Shard.parse(i + "/4");
            for (int c = 0; c < n; c++) {
                hosts[c] += s.hosts(c) ? 1 : 0;
            }
        }
        assertThat(hosts).containsOnly(1);
        assertThat(Shard.parse("0/4").leads()).isTrue();
        assertThatThrownBy(() -> Shard.parse("4/4")).hasMessageContaining("0 <= i < n");
        assertThatThrownBy(() -> Shard.parse("a/b")).hasMessageContaining("whole numbers");
    }

    @Test
    void settingsOutOfRangeAreRefusedWithTheirLimit() {
        assertThatThrownBy(() -> new Heterogeneity(0, 0, 1, 0, 0, 1)).hasMessageContaining("availability must be in (0, 1]");
        assertThatThrownBy(() -> new Heterogeneity(0, 0, 1, 1, 1, 1)).hasMessageContaining("drop-out probability must be in [0, 1)");
        assertThatThrownBy(() -> new Heterogeneity(0, 0, 0.5, 1, 0, 1)).hasMessageContaining("slow factor must be in [1, 1000]");
    }

    private static int countDifferent(Heterogeneity a, Heterogeneity b) {
        int d = 0;
        for (int c = 0; c < 20_000; c++) {
            d += a.online(c, 3) != b.online(c, 3) ? 1 : 0;
        }
        return d;
    }
}
