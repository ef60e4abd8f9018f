package org.flotilla.privacy.mechanism;

import static org.assertj.core.api.Assertions.assertThat;

import org.flotilla.privacy.accounting.AccountingStep;
import org.junit.jupiter.api.Test;

class LocalGaussianNoiseTest {

    @Test
    void clipsThenAddsNoiseOfScaleZC() {
        // Prepare: an update of norm 10 · √d that must be clipped to C = 2.
        int d = 300_000;
        float[] update = new float[d];
        java.util.Arrays.fill(update, 10f);
        LocalGaussianNoise local = new LocalGaussianNoise(2.0, 0.5);

        // Execute
        float[] released = local.privatize(update, GaussianNoise.secure());

        // Assert: the clipped update is the constant 2/√d; the rest is N(0, (zC)²) = N(0, 1).
        double clippedValue = 2.0 / Math.sqrt(d);
        double[] residual = new double[d];
        for (int i = 0; i < d; i++) {
            residual[i] = released[i] - clippedValue;
        }
        NoiseStatistics stats = NoiseStatistics.of(residual, 1.0);
        assertThat(stats.fitsGaussian(1.0, 6)).as(stats.toString()).isTrue();
        assertThat(update[0]).isEqualTo(10f);
        assertThat(local.accountingStep()).isEqualTo(AccountingStep.of(1.0, 0.25));
    }
}
