package org.flotilla.coordinator.job;

/**
 * A job's differential privacy as resolved at creation (defaults filled in, z calibrated when a
 * target ε was asked for). Immutable for the job's life; what each round spent is in
 * {@link PrivacyFigures}. See {@code docs/privacy.md}.
 *
 * @param mode              {@code central} (DP-FedAvg, noise added by the coordinator) or
 *                          {@code local} (noise added by each device)
 * @param samplingRate      q: every enrolled client is in a round's Poisson sample with this probability
 * @param noiseMultiplier   z, the multiplier each round is accounted at (under adaptive clipping
 *                          the update's own is slightly larger; under local DP it is the device's)
 * @param targetEpsilon     the ε that z was calibrated to reach after {@code rounds} rounds, or null
 *                          when z was given
 * @param clipNorm          C: the clip norm of every round, or the first round's under adaptive clipping
 * @param adaptiveClipping  how C follows a quantile of the update norms, or null for a fixed C
 * @param delta             δ of every (ε, δ) figure the job shows
 * @param deltaRule         where δ came from, e.g. {@code 1/N with N = 20 clients enrolled at creation}
 * @param population        N, the clients enrolled when the job was created
 * @param expectedClients   m = qN, the fixed denominator of the noised mean
 * @param maxEpsilon        the job stops before a round would take ε above this, or null for no limit
 * @param accountant        {@code rdp} (Rényi DP) or {@code pld} (privacy loss distributions)
 */
public record DifferentialPrivacy(PrivacyMode mode, double samplingRate, double noiseMultiplier, Double targetEpsilon,
                                  double clipNorm, AdaptiveClippingPolicy adaptiveClipping, double delta,
                                  String deltaRule, long population, double expectedClients, Double maxEpsilon,
                                  String accountant) {

    /** Whether the device adds the noise. */
    public boolean isLocal() {
        return mode == PrivacyMode.LOCAL;
    }

    /**
     * Adaptive clipping (Andrew, Thakkar, McMahan, Ramaswamy 2021).
     *
     * @param targetQuantile   γ: the fraction of updates meant to stay unclipped
     * @param learningRate     η_C of the geometric update of C
     * @param countNoiseStddev σ_b: the noise on the sum of the clients' clipped-count bits
     */
    public record AdaptiveClippingPolicy(double targetQuantile, double learningRate, double countNoiseStddev) {
    }
}
