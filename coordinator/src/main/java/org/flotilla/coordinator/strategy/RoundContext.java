package org.flotilla.coordinator.strategy;

/**
 * Where an aggregation happens.
 *
 * @param jobId    the job
 * @param round    the round number (1-based)
 * @param selected how many clients were selected for the round
 * @param seed     a seed derived from the job's seed and the round, for strategies that sample
 */
public record RoundContext(long jobId, int round, int selected, long seed) {
}
