/**
 * Differential privacy in the running coordinator (the mechanisms, sampling and accountants are
 * the {@code differential-privacy} library's; {@code docs/privacy.md} is the guide):
 * <ul>
 *   <li><b>Opening a round attempt</b> ({@link org.flotilla.coordinator.privacy.PrivateRounds#open}):
 *       the budget check against {@code maxEpsilon}, the Poisson sample of the enrolled clients
 *       drawn with the library's {@code PoissonSampling} from a {@code SecureRandom}, and the
 *       attempt's ledger entry (ε after it, δ, q, z, C), committed together before the cohort opens;
 *       only sampled clients may join it, with no target count, quorum or over-selection.</li>
 *   <li><b>Closing it</b> ({@link org.flotilla.coordinator.privacy.PrivateAggregation}): once the sum
 *       of the clipped updates is obtained ({@link org.flotilla.coordinator.privacy.SumOfClipped}),
 *       by the stored updates or, for a secure-aggregation round, by unmasking, the DP step
 *       ({@link org.flotilla.coordinator.privacy.DpStep}) adds the noise, divides by the
 *       expected cohort size and, under adaptive clipping, moves C; its release is recorded once
 *       and the job's strategy then applies the noised mean.</li>
 *   <li><b>What operators read</b> ({@link org.flotilla.coordinator.privacy.PrivacyViews}): each
 *       attempt's figures and release, for the round records.</li>
 * </ul>
 * The accountant's state is the ledger: a restarted coordinator rebuilds the same accountant from
 * it. This package uses {@code job}, {@code aggregation}, {@code client}, {@code artifact} and
 * {@code system}; the round kind, the job runner and the monitoring views use it.
 */
package org.flotilla.coordinator.privacy;
