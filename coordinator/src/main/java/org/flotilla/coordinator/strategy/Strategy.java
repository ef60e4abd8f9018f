package org.flotilla.coordinator.strategy;

import java.util.Map;

/**
 * An aggregation strategy, with the round lifecycle of Flower's strategies: it chooses per-client
 * settings for a round ({@link #configureClient}) and folds the round's updates into new global
 * weights ({@link #aggregate}). Implementations are immutable, hold their settings, keep any state
 * across rounds only in the {@link StrategyState} they are given and return, and do no I/O.
 */
public interface Strategy {

    /** The registered name, e.g. {@code fedavg}. */
    String name();

    /** The settings this instance was created with (for provenance and the API). */
    Map<String, Object> settings();

    /**
     * Per-client settings for a training assignment (e.g. FedProx's {@code fedproxMu}). They travel
     * in the assignment and override the plan's client settings.
     */
    default Map<String, Double> configureClient(RoundContext round, String clientId) {
        return Map.of();
    }

    /**
     * Folds the round's updates into new global weights.
     *
     * @param round   which job and round, and how many clients were selected
     * @param global  the current global weights (not modified)
     * @param updates the accepted updates, loaded lazily one at a time
     * @param state   what this strategy carried from the previous round ({@link StrategyState#EMPTY} at first)
     * @return the new model and state, or {@link AggregationOutcome.NoNewModel} with a reason
     */
    AggregationOutcome aggregate(RoundContext round, float[] global, UpdateSource updates, StrategyState state);
}
