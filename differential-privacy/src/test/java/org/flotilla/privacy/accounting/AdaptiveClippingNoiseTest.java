package org.flotilla.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class AdaptiveClippingNoiseTest {

    @Test
    void splitsTheBudgetAsInAndrewEtAl() {
        // m = 100 expected clients, σ_b = m/20 = 5 (the paper's choice), z = 1:
        // z_Δ = (1 - (2·5)^-2)^(-1/2) = (0.99)^(-1/2).
        AdaptiveClippingNoise noise = new AdaptiveClippingNoise(1.0, 5.0);

        assertThat(noise.updateNoiseMultiplier()).isCloseTo(1 / Math.sqrt(0.99), within(1e-15));
        assertThat(AdaptiveClippingNoise.combined(noise.updateNoiseMultiplier(), 5.0)).isCloseTo(1.0, within(1e-15));
        assertThat(noise.accountingStep(0.01)).isEqualTo(AccountingStep.of(0.01, 1.0));
    }

    @Test
    void theTwoReleasesCostWhatOneGaussianWithTheCombinedMultiplierCosts() {
        // A Gaussian on (sum, count) with per-part multipliers z_Δ and 2σ_b is, for q = 1, RDP
        // α/(2z_Δ²) + α/(2(2σ_b)²) = α/(2z²).
        AdaptiveClippingNoise noise = new AdaptiveClippingNoise(0.8, 2.0);
        double zDelta = noise.updateNoiseMultiplier();
        double separate = SampledGaussianRdp.rdp(1, zDelta, 7) + SampledGaussianRdp.rdp(1, 2 * 2.0, 7);

        assertThat(separate).isCloseTo(SampledGaussianRdp.rdp(1, 0.8, 7), within(1e-12));
    }

    @Test
    void countNoiseMustLeaveRoomForTheUpdate() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AdaptiveClippingNoise(2.0, 1.0))
                .withMessageContaining("countNoiseStddev").withMessageContaining("1.0");
    }
}
