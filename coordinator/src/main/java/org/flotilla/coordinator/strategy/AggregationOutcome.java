package org.flotilla.coordinator.strategy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an aggregation produced. Failures are values: a round without a usable result keeps the
 * global model and says why, rather than throwing.
 */
public sealed interface AggregationOutcome {

    /**
     * New global weights.
     *
     * @param weights      the new global parameter vector
     * @param state        the strategy's state for the next round
     * @param participants the clients whose updates contributed
     * @param excluded     clients whose updates were left out or altered, with the reason
     *                     (e.g. {@code "krum: not selected"}, {@code "norm 41.2 > 10: clipped"}), in the
     *                     order given
     */
    record NewModel(float[] weights, StrategyState state, List<String> participants, Map<String, String> excluded)
            implements AggregationOutcome {
        public NewModel {
            participants = List.copyOf(participants);
            excluded = excluded == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(excluded));
        }
    }

    /** No new model this round; the global model stays. */
    record NoNewModel(String reason) implements AggregationOutcome {
    }
}
