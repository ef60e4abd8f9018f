package org.flotilla.coordinator.privacy;

import org.flotilla.coordinator.job.DifferentialPrivacy;
import org.flotilla.coordinator.job.PrivacyFigures;
import org.flotilla.privacy.mechanism.AdaptiveClipping;
import org.flotilla.privacy.mechanism.DpFedAvg;
import org.flotilla.privacy.mechanism.GaussianNoise;

/**
 * The DP step of a round, after the sum of its clipped updates is obtained and before the
 * strategy: what is released.
 * <ul>
 *   <li>Central, fixed C: DP-FedAvg's noised mean (Σ + N(0, (zC)²)) / m with the fixed denominator
 *       m = qN (McMahan, Ramage, Talwar, Zhang 2018), every client weighing the same.</li>
 *   <li>Central, adaptive C (Andrew, Thakkar, McMahan, Ramaswamy 2021): the same with z_Δ ≥ z, and
 *       the clients' clipped-count bits released with noise σ_b to move C for the next round; the
 *       two releases together cost one round at z.</li>
 *   <li>Local: the devices noised their updates already; the mean over the ones that arrived is
 *       post-processing.</li>
 * </ul>
 * Pure apart from the noise source.
 */
final class DpStep {

    private DpStep() {
    }

    /**
     * What is released.
     *
     * @param mean              the noised mean update, or null when there is nothing to release
     * @param noiseStddev       noise added per coordinate of the sum (0 under local DP)
     * @param denominator       what the sum was divided by
     * @param unclippedFraction adaptive clipping's noised b̃, or null
     * @param nextClipNorm      adaptive clipping's C for the next round, or null
     */
    record Released(float[] mean, double noiseStddev, double denominator, Double unclippedFraction,
                    Double nextClipNorm) {
    }

    static Released release(DifferentialPrivacy dp, PrivacyFigures round, SumOfClipped sum, GaussianNoise noise) {
        if (dp.isLocal()) {
            if (sum.count() == 0) {
                return new Released(null, 0, 0, null, null);
            }
            float[] mean = new float[sum.sum().length];
            for (int i = 0; i < mean.length; i++) {
                mean[i] = (float) (sum.sum()[i] / sum.count());
            }
            return new Released(mean, 0, sum.count(), null, null);
        }
        double c = round.clipNorm();
        double m = round.expectedClients();
        DpFedAvg mechanism = new DpFedAvg(c, round.updateNoiseMultiplier(), m);
        float[] mean = mechanism.noisedMean(sum.sum(), noise);
        DifferentialPrivacy.AdaptiveClippingPolicy a = dp.adaptiveClipping();
        if (a == null) {
            return new Released(mean, mechanism.noiseStddev(), m, null, null);
        }
        AdaptiveClipping.Estimate next = new AdaptiveClipping(a.targetQuantile(), a.learningRate(), a.countNoiseStddev(), m)
                .nextClipNorm(c, sum.unclippedBits(), sum.count(), noise);
        return new Released(mean, mechanism.noiseStddev(), m, next.unclippedFraction(), next.clipNorm());
    }
}
