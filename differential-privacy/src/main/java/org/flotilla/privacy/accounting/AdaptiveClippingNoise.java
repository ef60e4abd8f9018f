package org.flotilla.privacy.accounting;

/**
 * The split of one round's noise budget between the two releases of adaptive clipping (Andrew,
 * Thakkar, McMahan and Ramaswamy 2021, "Differentially Private Learning with Adaptive Clipping",
 * the privacy analysis): the noised sum of clipped updates (noise multiplier z_Δ, sensitivity C) and the
 * noised sum of the clients' centred clipped-count bits {@code b - 1/2} (noise standard deviation
 * σ_b, sensitivity 1/2, so noise multiplier 2σ_b).
 *
 * <p>Both are Gaussian releases of the same Poisson sample, i.e. one Gaussian mechanism on the
 * concatenated vector, whose noise multiplier z satisfies {@code z⁻² = z_Δ⁻² + (2σ_b)⁻²}. A round
 * that should cost what z costs therefore uses {@code z_Δ = (z⁻² - (2σ_b)⁻²)^(-1/2)} for the
 * update, and the accountant composes a round of the sampled Gaussian mechanism with multiplier z
 * ({@link #accountingStep}). The paper suggests σ_b = m/20 for m expected clients per round, which
 * for typical z raises z_Δ over z by well under 1%.
 *
 * @param noiseMultiplier   z, the multiplier the round is accounted at, above 0
 * @param countNoiseStddev  σ_b, the standard deviation of the noise on the sum of centred bits;
 *                          must exceed z/2
 */
public record AdaptiveClippingNoise(double noiseMultiplier, double countNoiseStddev) {

    public AdaptiveClippingNoise {
        if (!(noiseMultiplier > 0) || Double.isInfinite(noiseMultiplier)) {
            throw new IllegalArgumentException("noiseMultiplier must be finite and above 0, was " + noiseMultiplier);
        }
        if (!(countNoiseStddev > noiseMultiplier / 2) || Double.isInfinite(countNoiseStddev)) {
            throw new IllegalArgumentException("countNoiseStddev must be finite and above noiseMultiplier / 2 = "
                    + noiseMultiplier / 2 + ", was " + countNoiseStddev);
        }
    }

    /** z_Δ, the noise multiplier for the sum of clipped updates. */
    public double updateNoiseMultiplier() {
        double rest = 1 / (noiseMultiplier * noiseMultiplier) - 1 / (4 * countNoiseStddev * countNoiseStddev);
        return 1 / Math.sqrt(rest);
    }

    /** The noise multiplier z of the two releases together, given z_Δ and σ_b. */
    public static double combined(double updateNoiseMultiplier, double countNoiseStddev) {
        if (!(updateNoiseMultiplier > 0 && countNoiseStddev > 0)) {
            throw new IllegalArgumentException("noise multiplier and count noise must be above 0, were "
                    + updateNoiseMultiplier + " and " + countNoiseStddev);
        }
        double inverse = 1 / (updateNoiseMultiplier * updateNoiseMultiplier)
                + 1 / (4 * countNoiseStddev * countNoiseStddev);
        return 1 / Math.sqrt(inverse);
    }

    /** What one round costs: the sampled Gaussian mechanism at rate q with multiplier z. */
    public AccountingStep accountingStep(double samplingRate) {
        return AccountingStep.of(samplingRate, noiseMultiplier);
    }
}
