package org.flotilla.privacy.mechanism;

import org.flotilla.privacy.accounting.AdaptiveClippingNoise;

/**
 * Adaptive clipping (Andrew, Thakkar, McMahan and Ramaswamy 2021, "Differentially Private
 * Learning with Adaptive Clipping"): instead of a fixed C, the clip norm follows the
 * γ-quantile of the clients' update norms. Each sampled client reports, besides its clipped
 * update, the bit b = 1[‖Δ‖ ≤ C] ({@link ClippedUpdate#unclippedBit()}); the coordinator releases
 * the sum of the centred bits b - 1/2 with Gaussian noise σ_b, estimates the unclipped fraction
 * b̃ = (Σ(b - 1/2) + N(0, σ_b²))/m + 1/2 and moves C geometrically:
 * {@code C ← C·exp(-η_C (b̃ - γ))}.
 *
 * <p>The bits cost privacy too; {@link #roundMechanism} splits the round's noise so that the two
 * releases together cost what one Gaussian release with multiplier z costs
 * ({@link AdaptiveClippingNoise}).
 *
 * @param targetQuantile   γ in (0, 1): the fraction of updates meant to stay unclipped (paper: 0.5)
 * @param learningRate     η_C above 0 (paper: 0.2)
 * @param countNoiseStddev σ_b above 0 (paper: m/20)
 * @param expectedClients  m = qN, the expected number of sampled clients, above 0
 */
public record AdaptiveClipping(double targetQuantile, double learningRate, double countNoiseStddev,
        double expectedClients) {

    /** γ the paper recommends. */
    public static final double DEFAULT_TARGET_QUANTILE = 0.5;
    /** η_C the paper recommends. */
    public static final double DEFAULT_LEARNING_RATE = 0.2;

    public AdaptiveClipping {
        if (!(targetQuantile > 0 && targetQuantile < 1)) {
            throw new IllegalArgumentException("targetQuantile must be in (0, 1), was " + targetQuantile);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be finite and above 0, was " + learningRate);
        }
        if (!(countNoiseStddev > 0) || Double.isInfinite(countNoiseStddev)) {
            throw new IllegalArgumentException("countNoiseStddev must be finite and above 0, was " + countNoiseStddev);
        }
        if (!(expectedClients > 0) || Double.isInfinite(expectedClients)) {
            throw new IllegalArgumentException("expectedClients must be finite and above 0, was " + expectedClients);
        }
    }

    /** The paper's settings for m expected clients: γ = 0.5, η_C = 0.2, σ_b = m/20. */
    public static AdaptiveClipping recommended(double expectedClients) {
        return new AdaptiveClipping(DEFAULT_TARGET_QUANTILE, DEFAULT_LEARNING_RATE, expectedClients / 20,
                expectedClients);
    }

    /**
     * The DP-FedAvg mechanism for a round clipped at {@code clipNorm} whose two releases together
     * are accounted at noise multiplier {@code noiseMultiplier}: its update noise is z_Δ·C.
     *
     * @throws IllegalArgumentException when σ_b is too small for z (σ_b must exceed z/2)
     */
    public DpFedAvg roundMechanism(double clipNorm, double noiseMultiplier) {
        double updateMultiplier = new AdaptiveClippingNoise(noiseMultiplier, countNoiseStddev).updateNoiseMultiplier();
        return new DpFedAvg(clipNorm, updateMultiplier, expectedClients);
    }

    /**
     * The clip norm for the next round, from this round's clip norm, the sum of the participants'
     * bits and their number (under secure aggregation both are what the coordinator learns).
     */
    public Estimate nextClipNorm(double clipNorm, int unclippedBits, int participants, GaussianNoise noise) {
        if (!(clipNorm > 0) || Double.isInfinite(clipNorm)) {
            throw new IllegalArgumentException("clipNorm must be a positive finite number, was " + clipNorm);
        }
        if (participants < 0 || unclippedBits < 0 || unclippedBits > participants) {
            throw new IllegalArgumentException("need 0 <= unclippedBits <= participants, were "
                    + unclippedBits + " and " + participants);
        }
        double[] centred = {unclippedBits - participants / 2.0};
        noise.addTo(centred, countNoiseStddev);
        double fraction = centred[0] / expectedClients + 0.5;
        double next = clipNorm * Math.exp(-learningRate * (fraction - targetQuantile));
        return new Estimate(next, fraction);
    }

    /**
     * The result of one adaptive step.
     *
     * @param clipNorm          C for the next round
     * @param unclippedFraction b̃, the noised estimate of the fraction of updates within C
     *                          (may fall outside [0, 1]: it is noised)
     */
    public record Estimate(double clipNorm, double unclippedFraction) {
    }
}
