/**
 * The mechanisms, as pure functions and small objects the edge client and the coordinator call:
 * L2 clipping on the device ({@link org.flotilla.privacy.mechanism.L2Clipping}), Gaussian noise
 * from a cryptographically secure source ({@link org.flotilla.privacy.mechanism.GaussianNoise}),
 * DP-FedAvg's noised fixed-denominator mean ({@link org.flotilla.privacy.mechanism.DpFedAvg}),
 * adaptive clipping ({@link org.flotilla.privacy.mechanism.AdaptiveClipping}) and local DP
 * ({@link org.flotilla.privacy.mechanism.LocalGaussianNoise}). They work on {@code float[]} and
 * {@code double[]}; what each costs in privacy is in {@link org.flotilla.privacy.accounting}.
 */
package org.flotilla.privacy.mechanism;
