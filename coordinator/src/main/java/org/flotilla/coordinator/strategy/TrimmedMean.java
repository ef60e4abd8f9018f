package org.flotilla.coordinator.strategy;

import java.util.List;
import java.util.Map;

/**
 * Coordinate-wise trimmed mean: for each coordinate, drop the {@code b = ⌊β·n⌋} largest and the
 * {@code b} smallest of the {@code n} clients' values and average the rest. Unweighted, as in the
 * paper. Tolerates up to {@code b} arbitrary updates per coordinate; note that for small rounds
 * {@code b} may be 0 (e.g. β = 0.1 with fewer than 10 clients), and then this is the plain mean.
 *
 * <p>Yin, Chen, Ramchandran, Bartlett, "Byzantine-Robust Distributed Learning: Towards Optimal
 * Statistical Rates", ICML 2018.
 *
 * <p>Needs every delta at once: memory O(clients × model). Columns are sorted block by block
 * ({@link StrategyMath#reduceSortedColumns}), without allocating per coordinate.
 */
public final class TrimmedMean implements Strategy {

    public static final String NAME = "trimmed-mean";

    static final SettingSpec TRIM_FRACTION = SettingSpec.number("trimFraction", 0.1,
            "Fraction β of clients trimmed from each end per coordinate: ⌊β·n⌋ largest and ⌊β·n⌋ smallest")
            .atLeast(0).below(0.5);

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "Coordinate-wise trimmed mean: drop the ⌊β·n⌋ largest and smallest values per coordinate, "
                    + "average the rest; Byzantine-robust (Yin et al., ICML 2018). Memory O(clients × model).",
            List.of(TRIM_FRACTION), s -> new TrimmedMean(Settings.number(s, TRIM_FRACTION)));

    private final double trimFraction;

    /** A trimmed mean dropping {@code ⌊β·n⌋} values from each end, {@code β ∈ [0, 0.5)}. */
    public TrimmedMean(double trimFraction) {
        if (!TRIM_FRACTION.allows(trimFraction)) {
            throw new IllegalArgumentException("trimFraction must be " + TRIM_FRACTION.limit() + ", got " + trimFraction);
        }
        this.trimFraction = trimFraction;
    }

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
        return Settings.values(TRIM_FRACTION.name(), trimFraction);
    }

    /**
     * How many values are dropped from each end for {@code n} clients, {@code ⌊β·n⌋}; the tiny
     * slack keeps e.g. 0.29 × 100 (28.999… in binary) at 29.
     */
    int trimmed(int n) {
        return (int) Math.floor(trimFraction * n + 1e-9);
    }

    @Override
    public AggregationOutcome aggregate(RoundContext round, float[] global, UpdateSource updates, StrategyState state) {
        if (updates.size() == 0) {
            return new AggregationOutcome.NoNewModel("no updates to aggregate");
        }
        float[][] deltas = StrategyMath.loadAll(global.length, updates);
        int b = trimmed(deltas.length);
        double[] mean = StrategyMath.reduceSortedColumns(deltas, global.length,
                (sorted, from, count) -> StrategyMath.sortedTrimmedMean(sorted, from, count, b));
        return new AggregationOutcome.NewModel(StrategyMath.plusScaled(global, mean, 1.0), state,
                updates.clientIds(), Map.of());
    }
}
