package org.flotilla.coordinator.job;

/**
 * What one round attempt of a differentially private job spent, as its record and the job show
 * it: the guarantee of every model published up to and including that attempt, and the
 * mechanism's settings for it. Written before the attempt opens.
 *
 * @param round                 the round
 * @param attempt               the attempt (every attempt is a new Poisson sample and is accounted)
 * @param mode                  {@code central} or {@code local}
 * @param epsilon               ε spent by this attempt and every one before it (cumulative), at {@code delta}
 * @param delta                 δ
 * @param order                 the Rényi order the RDP conversion was tightest at, or null (PLD)
 * @param accountant            {@code rdp} or {@code pld}
 * @param roundsAccounted       attempts composed so far, this one included
 * @param samplingRate          q of this attempt's sample
 * @param noiseMultiplier       z this attempt is accounted at
 * @param updateNoiseMultiplier the noise on the sum of updates over C (z_Δ ≥ z under adaptive clipping)
 * @param clipNorm              C of this attempt
 * @param expectedClients       m = qN, the denominator of the noised mean
 * @param sampled               clients in this attempt's Poisson sample
 */
public record PrivacyFigures(int round, int attempt, PrivacyMode mode, double epsilon, double delta, Double order,
                             String accountant, long roundsAccounted, double samplingRate, double noiseMultiplier,
                             double updateNoiseMultiplier, double clipNorm, double expectedClients, int sampled) {
}
