/**
 * Privacy accounting: Rényi differential privacy (RDP) of the sampled Gaussian mechanism
 * (Mironov, Talwar and Zhang 2019, "Rényi Differential Privacy of the Sampled Gaussian
 * Mechanism"), composed over rounds that may each have their own sampling rate and noise
 * multiplier, converted to (ε, δ) with the conversion of Balle et al. 2020 ("Hypothesis Testing
 * Interpretations and Rényi Differential Privacy", Theorem 21) and Canonne, Kamath and Steinke
 * 2020 ("The Discrete Gaussian for Differential Privacy", Proposition 12); noise calibration by
 * bisection; the cost of adaptive clipping's count release and of local DP. A second, tighter
 * accountant over privacy loss distributions is in {@link org.flotilla.privacy.accounting.pld}.
 *
 * <p>The neighbouring relation is add-or-remove one client (user-level DP), which is what
 * Poisson sampling of clients with rate q is analysed under.
 */
package org.flotilla.privacy.accounting;
