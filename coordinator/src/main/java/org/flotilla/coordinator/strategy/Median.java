package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/**
 * Coordinate-wise median: each coordinate of the new delta is the median of that coordinate over
 * the clients' deltas (the mean of the two middle values when the number of clients is even).
 * Unweighted: a client's example count does not buy it influence, which is the point of a
 * Byzantine-robust rule. Fewer than half of the clients, however extreme, cannot move a
 * coordinate outside the range of the honest values.
 *
 * <p>Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
 * Statistical Rates", ICML 2018.
 *
 * <p>Needs every delta at once: memory O(clients × model). Columns are sorted block by block
 * ({@link StrategyMath#reduceSortedColumns}), without allocating per coordinate.
 */
public final class Median implements Strategy {

    public static final String NAME = "median";

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "Coordinate-wise median of the deltas, unweighted; Byzantine-robust (Yin et al., ICML 2018). "
                    + "Memory O(clients × model).",
            List.of(), s -> new Median());

    @Override
    public boolean holdsEveryUpdate() {
        return true;
    }

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
        if (updates.size() == 0) {
            return new AggregationOutcome.NoNewModel("no updates to aggregate");
        }
        float[][] deltas = StrategyMath.loadAll(global.length, updates);
        double[] median = StrategyMath.reduceSortedColumns(deltas, global.length, StrategyMath::sortedMedian);
        return new AggregationOutcome.NewModel(StrategyMath.plusScaled(global, median, 1.0), state,
                updates.clientIds(), Map.of());
    }
}
