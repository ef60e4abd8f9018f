/**
 * Aggregation strategies: one contract ({@link Strategy}), one algorithm per class, shared
 * arithmetic in {@link StrategyMath}. Strategies do no I/O: the round service hands them the
 * global weights and a lazy sequence of stored updates and persists what they return.
 */
package org.flotilla.coordinator.strategy;
