package org.flotilla.coordinator.strategy;

/**
 * A strategy whose new model depends on a round's updates only through their example-weighted
 * mean (FedAvg, FedProx, FedAvgM, FedAdagrad, FedAdam, FedYogi). Such a strategy can run on a
 * mean it is handed ({@link #aggregateMean}) — the one secure aggregation recovers from the
 * masked sum — as well as on the updates themselves: the streaming {@link #aggregate} computes
 * the mean one update at a time (memory O(model)) and hands it on, so both paths give the same
 * model for the same mean.
 */
public interface MeanStrategy extends Strategy {

    /**
     * Folds a precomputed weighted mean into new global weights.
     *
     * @param round  which job and round, and how many clients were selected
     * @param global the current global weights (not modified)
     * @param mean   the example-weighted mean delta of the round's participants
     * @param state  what this strategy carried from the previous round
     * @return the new model and state
     */
    AggregationOutcome aggregateMean(RoundContext round, float[] global, WeightedMean mean, StrategyState state);

    @Override
    default AggregationOutcome aggregate(RoundContext round, float[] global, UpdateSource updates, StrategyState state) {
        double[] mean = StrategyMath.exampleWeightedMean(global.length, updates);
        if (mean == null) {
            return new AggregationOutcome.NoNewModel("no updates to aggregate");
        }
        return aggregateMean(round, global, new WeightedMean(mean, updates.clientIds()), state);
    }
}
