package org.flotilla.privacy.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AdaptiveClippingTest {

    @Test
    void geometricStepTowardTheQuantile() {
        // With negligible count noise: 80 of 100 unclipped, γ = 0.5, η = 0.2 → C·exp(-0.2·0.3).
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 1e-9, 100);

        AdaptiveClipping.Estimate next = adaptive.nextClipNorm(2.0, 80, 100, GaussianNoise.secure());

        assertThat(next.unclippedFraction()).isCloseTo(0.8, within(1e-6));
        assertThat(next.clipNorm()).isCloseTo(2.0 * Math.exp(-0.2 * 0.3), within(1e-6));
    }

    @Test
    void fixedDenominatorWhenFewerClientsTookPart() {
        // 40 of 50 participants unclipped with m = 100 expected: (40 - 25)/100 + 1/2 = 0.65.
        AdaptiveClipping adaptive = new AdaptiveClipping(0.5, 0.2, 1e-9, 100);

        assertThat(adaptive.nextClipNorm(1.0, 40, 50, GaussianNoise.secure()).unclippedFraction())
                .isCloseTo(0.65, within(1e-6));
    }

    @Test
    void followsTheMedianOfUpdateNormsUnderNoise() {
        // Prepare: update norms log-normal with median 3; m = 1000 clients a round, σ_b = m/20.
        SplittableRandom random = new SplittableRandom(3);
        AdaptiveClipping adaptive = AdaptiveClipping.recommended(1000);
        GaussianNoise noise = GaussianNoise.secure();
        double clipNorm = 0.1;

        // Execute: 150 rounds from the paper's initial C = 0.1.
        double[] late = new double[50];
        for (int round = 0; round < 150; round++) {
            int unclipped = 0;
            for (int c = 0; c < 1000; c++) {
                double norm = 3 * Math.exp(0.5 * random.nextGaussian());
                unclipped += norm <= clipNorm ? 1 : 0;
            }
            clipNorm = adaptive.nextClipNorm(clipNorm, unclipped, 1000, noise).clipNorm();
            if (round >= 100) {
                late[round - 100] = clipNorm;
            }
        }

        // Assert: the last 50 rounds' clip norms average within 10% of the true median.
        double average = Arrays.stream(late).average().orElseThrow();
        assertThat(average).isCloseTo(3.0, within(0.3));
    }

    @Test
    void roundMechanismUsesTheSplitNoise() {
        AdaptiveClipping adaptive = AdaptiveClipping.recommended(100);

        DpFedAvg mechanism = adaptive.roundMechanism(0.5, 1.0);

        assertThat(mechanism.clipNorm()).isEqualTo(0.5);
        assertThat(mechanism.noiseMultiplier()).isCloseTo(1 / Math.sqrt(0.99), within(1e-12));
        assertThat(mechanism.expectedClients()).isEqualTo(100);
        assertThatIllegalArgumentException().isThrownBy(() -> AdaptiveClipping.recommended(10).roundMechanism(1, 2))
                .withMessageContaining("countNoiseStddev");
        assertThatIllegalArgumentException().isThrownBy(() -> adaptive.nextClipNorm(1, 5, 4, GaussianNoise.secure()))
                .withMessageContaining("unclippedBits");
    }
}
