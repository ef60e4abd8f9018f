package org.flotilla.datasets.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.flotilla.datasets.LabeledDataset;
import org.junit.jupiter.api.Test;

class SyntheticFedProxTest {

    private static final SyntheticFedProx SMALL = new SyntheticFedProx(1, 1, 4, 2, 50, 300);

    @Test
    void devicesHaveSixtyFeaturesTenClassesAndLabelsInRange() {
        // Execute
        List<LabeledDataset> devices = SMALL.generate(5, 42);

        // Assert
        assertThat(devices).hasSize(5);
        for (LabeledDataset device : devices) {
            assertThat(device.exampleShape()).containsExactly(60);
            assertThat(device.featureCount()).isEqualTo(60);
            assertThat(device.numClasses()).isEqualTo(10);
            assertThat(device.size()).isBetween(50, 300);
            assertThat(Arrays.stream(device.labels()).min().orElseThrow()).isGreaterThanOrEqualTo(0);
            assertThat(Arrays.stream(device.labels()).max().orElseThrow()).isLessThanOrEqualTo(9);
        }
    }

    @Test
    void sameSeedGivesIdenticalDataAndDeviceKDoesNotDependOnTheDeviceCount() {
        List<LabeledDataset> first = SMALL.generate(3, 7);
        List<LabeledDataset> second = SMALL.generate(5, 7);

        for (int k = 0; k < 3; k++) {
            assertThat(second.get(k).features()).containsExactly(first.get(k).features());
            assertThat(second.get(k).labels()).containsExactly(first.get(k).labels());
        }
    }

    @Test
    void differentSeedsGiveDifferentData() {
        LabeledDataset a = SMALL.device(0, 1);
        LabeledDataset b = SMALL.device(0, 2);

        assertThat(Arrays.equals(a.features(), b.features())).isFalse();
    }

    @Test
    void laterFeaturesHaveSmallerVarianceAsSigmaJjIsJToTheMinus1Point2() {
        // Prepare: one large device, so that sample variances are stable
        LabeledDataset device = new SyntheticFedProx(0, 0, 0, 0, 2000, 2000).device(0, 3);

        // Execute
        double first = variance(device, 0);
        double last = variance(device, 59);

        // Assert: Sigma_11 = 1, Sigma_60,60 = 60^-1.2 ~ 0.0073
        assertThat(first).isBetween(0.85, 1.15);
        assertThat(last).isBetween(0.005, 0.010);
    }

    @Test
    void defaultSizesFollowTheReferenceLogNormalPlusFifty() {
        List<LabeledDataset> devices = SyntheticFedProx.of(0.5, 0.5).generate(30, 42);

        assertThat(devices).allSatisfy(d -> assertThat(d.size()).isBetween(50, 10_000));
        assertThat(devices.stream().mapToInt(LabeledDataset::size).distinct().count()).isGreaterThan(20);
    }

    private static double variance(LabeledDataset data, int feature) {
        double mean = 0;
        for (int i = 0; i < data.size(); i++) {
            mean += data.features()[i * 60 + feature] / data.size();
        }
        double variance = 0;
        for (int i = 0; i < data.size(); i++) {
            double d = data.features()[i * 60 + feature] - mean;
            variance += d * d / (data.size() - 1);
        }
        return variance;
    }
}
