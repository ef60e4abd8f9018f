package org.flotilla.secagg.server;

import org.flotilla.secagg.RoundPlan;

/** The end of a round: the weighted mean of the survivors' updates, or a failure. */
public sealed interface AggregationResult {

    /**
     * The survivors' weighted mean Σ w_k·x_k / Σ w_k (clipped, within the quantization bound
     * of the exact mean in every coordinate), their total weight, and who took part.
     */
    record Aggregated(float[] weightedMean, long totalWeight, RoundPlan plan, Participation participation)
            implements AggregationResult {
    }

    /** No aggregate; the failure says why. */
    record Failed(RoundFailure failure, Participation participation) implements AggregationResult {
    }
}
