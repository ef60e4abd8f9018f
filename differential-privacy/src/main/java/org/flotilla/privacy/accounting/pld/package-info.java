/**
 * The privacy-loss-distribution (PLD) accountant, a second and tighter option beside RDP: it
 * represents each round's privacy loss random variable on a grid, composes rounds by convolution
 * (FFT) and reads δ(ε) off the composed distribution (Koskela, Jälkö and Honkela 2020, "Computing
 * Tight Differential Privacy Guarantees Using FFT"; pessimistic discretisation as in Meiser and
 * Mohammadi 2018, "Tight on Budget?", and Google's dp_accounting). Every approximation it makes
 * moves privacy loss up, so its ε is an upper bound, larger than the exact one by at most about
 * rounds × grid spacing.
 */
package org.flotilla.privacy.accounting.pld;
