package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/**
 * Federated averaging: the new global model is the global model plus the mean of the client
 * deltas weighted by their numbers of training examples,
 * {@code w' = w + Σ n_k Δ_k / Σ n_k}.
 *
 * <p>McMahan, Moore, Ramage, Hampson, Agüera y Arcas, "Communication-Efficient Learning of Deep
 * Networks from Decentralized Data", AISTATS 2017.
 *
 * <p>Streams over the updates: memory is one accumulator and one update, O(model).
 */
public final class FedAvg implements MeanStrategy {

    public static final String NAME = "fedavg";

    /** The provider: FedAvg has no settings of its own (fraction, quorum and timeouts are job settings). */
    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "Federated averaging: the example-weighted mean of the deltas (McMahan et al., AISTATS 2017). "
                    + "Streaming, memory O(model).",
            List.of(), s -> new FedAvg());

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of();
    }

    @Override
    public AggregationOutcome aggregateMean(RoundContext round, float[] global, WeightedMean mean, StrategyState state) {
        StrategyMath.requireSameLength(global.length, mean.delta().length);
        return new AggregationOutcome.NewModel(StrategyMath.plusScaled(global, mean.delta(), 1.0), state,
                mean.participants(), Map.of());
    }
}
