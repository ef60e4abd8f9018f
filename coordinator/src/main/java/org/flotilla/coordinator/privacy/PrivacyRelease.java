package org.flotilla.coordinator.privacy;

import java.time.Instant;

/**
 * What closing one round attempt of a differentially private job released: the noised mean (an
 * artifact) and, under adaptive clipping, the noised fraction of unclipped updates and the clip
 * norm it gives the next round. Recorded once per cohort, before the strategy runs, so a closing
 * repeated after a crash or by another replica applies the same noise instead of drawing new noise
 * for the same sum.
 *
 * @param cohortId          the training cohort
 * @param jobId             its job
 * @param round             its round
 * @param attempt           its attempt
 * @param noisedMeanSha256  the noised mean update (artifact of kind update), or null when nothing
 *                          was released (local DP with no update)
 * @param contributors      updates in the sum
 * @param clippedOnArrival  updates the coordinator had to clip again (devices that did not clip)
 * @param excluded          updates left out (local DP: uploads that do not confirm the device's noise)
 * @param noiseStddev       the standard deviation of the noise added to each coordinate of the sum
 *                          (z_Δ·C; 0 under local DP, where the devices added theirs)
 * @param denominator       what the sum was divided by: m = qN centrally, the count under local DP
 * @param unclippedFraction adaptive clipping's noised estimate b̃ of the fraction within C, or null
 * @param nextClipNorm      the clip norm this gives the next round (adaptive clipping), or null
 * @param releasedAt        when
 */
public record PrivacyRelease(long cohortId, long jobId, int round, int attempt, String noisedMeanSha256,
                             int contributors, int clippedOnArrival, int excluded, double noiseStddev, double denominator,
                             Double unclippedFraction, Double nextClipNorm, Instant releasedAt) {
}
