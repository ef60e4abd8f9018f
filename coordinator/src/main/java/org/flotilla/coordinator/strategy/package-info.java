/**
 * Aggregation strategies: one contract ({@link Strategy}), one algorithm per class, shared
 * arithmetic in {@link StrategyMath}. Strategies do no I/O: the round service hands them the
 * global weights and a lazy sequence of stored updates and persists what they return.
 *
 * <p>FedAvg, FedProx, FedAvgM and the FedOpt family stream over the updates in O(model) memory;
 * the Byzantine-robust rules ({@link Median}, {@link TrimmedMean}, {@link Krum}) need every update
 * at once, O(clients × model). {@link NormBound} bounds update norms around any of them.
 * {@code docs/strategies.md} lists names, papers, settings and defaults.
 */
package org.flotilla.coordinator.strategy;
