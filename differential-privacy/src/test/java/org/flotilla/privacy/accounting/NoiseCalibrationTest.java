package org.flotilla.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Noise calibration against Opacus {@code opacus/tests/accountants_test.py},
 * test_get_noise_multiplier_rdp_steps (q = 0.04, 2000 steps, ε = 8, δ = 1e-5 → 1.3562) and
 * test_get_noise_multiplier_rdp_epochs (90 epochs = 2250 steps → 1.416). Opacus stops its
 * bisection once ε is within 0.01 of the target, so its z is slightly above the smallest one;
 * ours must be at most theirs and within 0.1% of it, and the search must be tight: 1e-5 less
 * noise overshoots.
 */
class NoiseCalibrationTest {

    @ParameterizedTest
    @CsvSource({"2000, 1.3562", "2250, 1.416"})
    void matchesOpacus(long steps, double opacus) {
        NoiseCalibration.Calibration calibration =
                NoiseCalibration.smallestNoiseMultiplier(0.04, steps, 1e-5, 8).orElseThrow();

        double z = calibration.noiseMultiplier();
        assertThat(z).isLessThanOrEqualTo(opacus).isGreaterThan(opacus * 0.999);
        assertThat(calibration.spent().epsilon()).isLessThanOrEqualTo(8).isGreaterThan(7.999);
        assertThat(epsilon(0.04, z * (1 - 1e-5), steps)).isGreaterThan(8);
        assertThat(epsilon(0.04, opacus, steps)).isLessThanOrEqualTo(8);
    }

    @Test
    void findsSmallMultipliersForLooseTargets() {
        NoiseCalibration.Calibration calibration =
                NoiseCalibration.smallestNoiseMultiplier(0.001, 10, 1e-5, 50).orElseThrow();

        assertThat(calibration.noiseMultiplier()).isLessThan(0.5);
        assertThat(calibration.spent().epsilon()).isLessThanOrEqualTo(50);
    }

    @Test
    void unreachableTargetIsEmpty() {
        assertThat(NoiseCalibration.smallestNoiseMultiplier(1, 1_000_000_000L, 1e-10, 1e-4)).isEmpty();
    }

    private static double epsilon(double q, double z, long steps) {
        return RdpAccountant.create().compose(q, z, steps).epsilon(1e-5).epsilon();
    }
}
