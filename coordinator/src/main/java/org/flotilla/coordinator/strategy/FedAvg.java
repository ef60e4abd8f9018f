package org.flotilla.coordinator.strategy;

import java.util.ArrayList;
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
public final class FedAvg implements Strategy {

    public static final String NAME = "fedavg";

    /** The provider: FedAvg has no settings of its own (fraction, quorum and timeouts are job settings). */
    public static final StrategyProvider PROVIDER = new StrategyProvider() {
        @Override
        public String name() {
            return NAME;
        }

        @Override
        public String description() {
            return "Federated averaging weighted by example counts (McMahan et al. 2017)";
        }

        @Override
        public List<SettingSpec> settings() {
            return List.of();
        }

        @Override
        public Strategy create(Map<String, Object> settings) {
            Settings.requireOnly(settings, List.of());
            return new FedAvg();
        }
    };

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Map<String, Object> settings() {
        return Map.of();
    }

    @Override
    public AggregationOutcome aggregate(RoundContext round, float[] global, UpdateSource updates, StrategyState state) {
        double[] mean = weightedMeanDelta(global.length, updates);
        if (mean == null) {
            return new AggregationOutcome.NoNewModel("no updates to aggregate");
        }
        List<String> participants = new ArrayList<>();
        updates.forEach(u -> participants.add(u.clientId()));
        return new AggregationOutcome.NewModel(StrategyMath.plusScaled(global, mean, 1.0), state, participants, Map.of());
    }

    /**
     * The example-weighted mean of the deltas, streaming; null when there are none. Shared by the
     * server-optimizer strategies, which treat it as a pseudo-gradient.
     */
    static double[] weightedMeanDelta(int length, UpdateSource updates) {
        double[] acc = new double[length];
        long total = 0;
        for (ClientUpdate u : updates) {
            StrategyMath.addScaled(acc, u.delta(), u.examples());
            total += u.examples();
        }
        if (total == 0) {
            return null;
        }
        for (int i = 0; i < acc.length; i++) {
            acc[i] /= total;
        }
        return acc;
    }
}
