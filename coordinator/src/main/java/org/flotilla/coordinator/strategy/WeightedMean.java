package org.flotilla.coordinator.strategy;

import java.util.List;

/**
 * The example-weighted mean of a round's deltas, {@code Σ n_k Δ_k / Σ n_k}, computed before the
 * strategy sees it: by {@link StrategyMath#exampleWeightedMean} on the streaming path, or from the
 * unmasked sum of a securely aggregated round (Bell et al. 2020, SecAgg+), where no individual
 * update ever reaches the coordinator.
 *
 * @param delta        the mean delta, one entry per model parameter
 * @param participants the clients whose updates the mean contains, in a stable order
 */
public record WeightedMean(double[] delta, List<String> participants) {

    public WeightedMean {
        if (delta == null) {
            throw new IllegalArgumentException("a weighted mean needs its delta");
        }
        participants = List.copyOf(participants);
    }
}
