/**
 * Client sampling as the accountant assumes it. The RDP analysis of the sampled Gaussian
 * mechanism (add-or-remove-one adjacency) holds for Poisson sampling: every eligible client is in
 * the round independently with probability q, so the cohort size varies from round to round.
 * Fixed-size sampling without replacement has its own analysis (replace-one adjacency; Wang,
 * Balle and Kasiviswanathan 2019) that this library does not implement, so DP jobs must select
 * with {@link org.flotilla.privacy.sampling.PoissonSampling}.
 */
package org.flotilla.privacy.sampling;
