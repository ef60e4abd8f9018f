package org.flotilla.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.flotilla.privacy.math.Erfc;
import org.junit.jupiter.api.Test;

class LocalDpAccountingTest {

    @Test
    void oneUploadIsTheGaussianMechanismWithSensitivityTwoC() {
        // Noise z·C, sensitivity 2C: the RDP is α(2C)²/(2z²C²) = 2α/z².
        AccountingStep step = LocalDpAccounting.perUpload(4.0);

        assertThat(step).isEqualTo(AccountingStep.of(1.0, 2.0));
        assertThat(SampledGaussianRdp.rdp(step.samplingRate(), step.noiseMultiplier(), 3)).isEqualTo(2 * 3 / 16.0);
    }

    @Test
    void boundsTheExactGaussianAndGrowsWithUploads() {
        double z = 20;
        double previous = 0;
        for (long uploads : new long[] {1, 5, 25, 125}) {
            PrivacySpent spent = LocalDpAccounting.spent(z, uploads, 1e-5);
            assertThat(spent.epsilon()).isGreaterThan(previous);
            previous = spent.epsilon();
            // k Gaussian releases with multiplier z/2 are one with multiplier z/(2√k); Balle and Wang
            // 2018 (Theorem 8 of arXiv:1805.06530v2) gives its exact δ at the ε found, which must not exceed 1e-5.
            double mu = 2 * Math.sqrt(uploads) / z;
            double eps = spent.epsilon();
            double exact = Erfc.normalCdf(mu / 2 - eps / mu) - Math.exp(eps) * Erfc.normalCdf(-mu / 2 - eps / mu);
            assertThat(exact).isLessThanOrEqualTo(1e-5);
        }
        assertThat(LocalDpAccounting.spent(z, 1, 1e-5).epsilon()).isCloseTo(
                RdpAccountant.create().compose(1, z / 2, 1).epsilon(1e-5).epsilon(), within(0.0));
    }
}
