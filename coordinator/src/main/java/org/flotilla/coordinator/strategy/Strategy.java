package org.flotilla.coordinator.strategy;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.flotilla.model.wire.EvalResult;

/**
 * An aggregation strategy, with the round lifecycle of Flower's strategies: it chooses per-client
 * settings for a round ({@link #configureClient}), folds the round's updates into new global
 * weights ({@link #aggregate}) and the clients' federated evaluation results into the round's
 * figures ({@link #aggregateEvaluation}). Implementations are immutable, hold their settings, keep any state
 * across rounds only in the {@link StrategyState} they are given and return, and do no I/O.
 */
public interface Strategy {

    /** The registered name, e.g. {@code fedavg}. */
    String name();

    /** The settings this instance was created with (for provenance and the API). */
    Map<String, Object> settings();

    /**
     * Whether aggregation holds every update of the round in memory at once (clients × parameters
     * × 4 bytes: the robust strategies), rather than streaming them; job creation refuses such a
     * strategy when the round's updates cannot fit the aggregation memory.
     */
    default boolean holdsEveryUpdate() {
        return false;
    }

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

    /**
     * Folds the results of a federated evaluation (each client's loss and accuracy on its local
     * held-out data) into one figure, like Flower's {@code aggregate_evaluate}. The default is the
     * example-weighted mean, so every held-out example counts once; results with no examples weigh
     * nothing. Robust strategies may override it (a client can overstate its example count).
     *
     * @param round   which job and round was evaluated, and how many clients were selected
     * @param results the reported results by client id
     * @return the total examples and the weighted loss and accuracy, or empty when no result has an example
     */
    default Optional<EvalResult> aggregateEvaluation(RoundContext round, Map<String, EvalResult> results) {
        long examples = 0;
        double loss = 0;
        double accuracy = 0;
        for (EvalResult r : new TreeMap<>(results).values()) {
            examples += r.examples();
            loss += r.examples() * r.loss();
            accuracy += r.examples() * r.accuracy();
        }
        return examples == 0 ? Optional.empty() : Optional.of(new EvalResult(examples, loss / examples, accuracy / examples));
    }
}
