package org.flotilla.privacy.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DpFedAvgTest {

    private static final int DIMENSION = 200_000;

    @Test
    void noisedMeanIsTheClippedSumOverTheExpectedCohortPlusNoiseOfScaleZCOverM() {
        // Prepare: 7 clients took part where 10 were expected; two of them exceed C = 1.
        SplittableRandom random = new SplittableRandom(11);
        ClippedSum sum = new ClippedSum(DIMENSION, 1.0);
        double[] reference = new double[DIMENSION];
        for (int c = 0; c < 7; c++) {
            float[] update = new float[DIMENSION];
            double scale = c < 2 ? 0.01 : 0.001;
            for (int i = 0; i < DIMENSION; i++) {
                update[i] = (float) (random.nextGaussian() * scale);
            }
            float[] clipped = L2Clipping.clip(update, 1.0).update();
            for (int i = 0; i < DIMENSION; i++) {
                reference[i] += clipped[i];
            }
            sum.add(update);
        }
        DpFedAvg mechanism = new DpFedAvg(1.0, 1.2, 10);

        // Execute
        float[] mean = mechanism.noisedMean(sum, GaussianNoise.secure());

        // Assert: the plain reference is sum/m; what is left is noise of standard deviation zC/m.
        assertThat(sum.count()).isEqualTo(7);
        assertThat(sum.clippedOnArrival()).isEqualTo(2);
        double[] residual = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            residual[i] = mean[i] - reference[i] / 10;
        }
        double sigma = 1.2 * 1.0 / 10;
        NoiseStatistics stats = NoiseStatistics.of(residual, sigma);
        assertThat(stats.fitsGaussian(sigma, 6)).as(stats.toString()).isTrue();
        assertThat(mechanism.noiseStddev()).isCloseTo(1.2, within(1e-15));
    }

    @Test
    void theSumIsNotModifiedAndTheClipNormMustMatch() {
        double[] sum = {1, 2, 3};
        new DpFedAvg(1, 1, 5).noisedMean(sum, GaussianNoise.secure());

        assertThat(sum).containsExactly(1, 2, 3);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new DpFedAvg(2, 1, 5).noisedMean(new ClippedSum(3, 1), GaussianNoise.secure()))
                .withMessageContaining("clipped to 1.0");
        assertThatIllegalArgumentException().isThrownBy(() -> new DpFedAvg(1, 1, 0)).withMessageContaining("expectedClients");
        assertThatIllegalArgumentException().isThrownBy(() -> new ClippedSum(3, 1).add(new float[2]))
                .withMessageContaining("2 coordinates");
    }
}
