package org.flotilla.coordinator.privacy;

import java.time.Instant;

import org.flotilla.coordinator.job.PrivacyFigures;
import org.flotilla.coordinator.job.PrivacyMode;

/**
 * The {@code privacy} member of a differentially private round attempt's record: what the attempt
 * spent (ε cumulative up to and including it, at δ) and the mechanism's settings, as accounted when
 * it opened, and what closing released. {@code docs/privacy.md} says how to read it.
 *
 * @param mode                  {@code central} or {@code local}
 * @param epsilon               ε of every model published up to and including this attempt
 * @param delta                 δ
 * @param order                 the Rényi order of the conversion, or null (PLD)
 * @param accountant            {@code rdp} or {@code pld}
 * @param roundsAccounted       attempts composed, this one included
 * @param samplingRate          q
 * @param noiseMultiplier       z, as accounted
 * @param updateNoiseMultiplier z_Δ, the noise on the sum of updates over C
 * @param clipNorm              C of this attempt
 * @param expectedClients       m = qN
 * @param sampled               clients in the Poisson sample
 * @param release               what closing released, or null before (or without) it
 */
public record RoundPrivacy(PrivacyMode mode, double epsilon, double delta, Double order, String accountant,
                           long roundsAccounted, double samplingRate, double noiseMultiplier,
                           double updateNoiseMultiplier, double clipNorm, double expectedClients, int sampled,
                           Release release) {

    static RoundPrivacy of(PrivacyFigures f, PrivacyRelease r) {
        return new RoundPrivacy(f.mode(), f.epsilon(), f.delta(), f.order(), f.accountant(), f.roundsAccounted(),
                f.samplingRate(), f.noiseMultiplier(), f.updateNoiseMultiplier(), f.clipNorm(), f.expectedClients(),
                f.sampled(), r == null ? null : new Release(r.noisedMeanSha256(), r.contributors(), r.clippedOnArrival(),
                r.excluded(), r.noiseStddev(), r.denominator(), r.unclippedFraction(), r.nextClipNorm(), r.releasedAt()));
    }

    /**
     * What closing released (see {@link PrivacyRelease}).
     *
     * @param noisedMeanSha256  the noised mean update's artifact, or null
     * @param contributors      updates in the sum
     * @param clippedOnArrival  updates the coordinator clipped again
     * @param excluded          updates left out
     * @param noiseStddev       noise per coordinate of the sum
     * @param denominator       what the sum was divided by
     * @param unclippedFraction adaptive clipping's noised fraction of updates within C, or null
     * @param nextClipNorm      adaptive clipping's C for the next round, or null
     * @param releasedAt        when
     */
    public record Release(String noisedMeanSha256, int contributors, int clippedOnArrival, int excluded,
                          double noiseStddev, double denominator, Double unclippedFraction, Double nextClipNorm,
                          Instant releasedAt) {
    }
}
