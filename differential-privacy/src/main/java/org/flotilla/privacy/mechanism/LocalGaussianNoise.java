package org.flotilla.privacy.mechanism;

import org.flotilla.privacy.accounting.AccountingStep;
import org.flotilla.privacy.accounting.LocalDpAccounting;

/**
 * Local differential privacy on the device: the update is clipped to C and gets Gaussian noise
 * N(0, (z·C)²) on every coordinate before it leaves the device, so the guarantee holds against
 * the coordinator too, without trusting it or secure aggregation. The price is noise that does
 * not shrink with the cohort: the mean of m such updates has noise z·C/√m per coordinate, where
 * central DP-FedAvg has z·C/m. What one upload costs is {@link #accountingStep()}; the device
 * composes it once per round it takes part in. A device under local DP must not report the
 * unnoised clipped-count bit of adaptive clipping.
 *
 * @param clipNorm        C, above 0
 * @param noiseMultiplier z, the device's noise standard deviation over C, above 0
 */
public record LocalGaussianNoise(double clipNorm, double noiseMultiplier) {

    public LocalGaussianNoise {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a positive finite number, was " + clipNorm);
        }
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and above 0, was " + noiseMultiplier);
        }
    }

    /** Clips {@code update} and adds the device's noise; the input is not modified. */
    public float[] privatize(float[] update, GaussianNoise noise) {
        float[] clipped = L2Clipping.clip(update, clipNorm).update();
        double[] noised = new double[clipped.length];
        for (int i = 0; i < noised.length; i++) {
            noised[i] = clipped[i];
        }
        noise.addTo(noised, noiseMultiplier * clipNorm);
        float[] out = new float[noised.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) noised[i];
        }
        return out;
    }

    /** What one upload costs the device: the Gaussian mechanism at z/2 (sensitivity 2C), q = 1. */
    public AccountingStep accountingStep() {
        return LocalDpAccounting.perUpload(noiseMultiplier);
    }
}
