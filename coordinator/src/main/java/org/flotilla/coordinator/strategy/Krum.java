package org.flotilla.coordinator.strategy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Krum and Multi-Krum: each of the {@code n} deltas is scored by the sum of its squared Euclidean
 * distances to its {@code n − f − 2} nearest other deltas, where {@code f} is the number of
 * Byzantine clients to tolerate; the delta with the lowest score is applied (Krum, {@code m = 1}),
 * or the unweighted mean of the {@code m} lowest-scored (Multi-Krum). Requires {@code n ≥ 2f + 3};
 * with fewer updates the round yields {@link AggregationOutcome.NoNewModel}. {@code m} is capped at
 * {@code n − f}, since any {@code n − f + 1} updates include a possibly Byzantine one. Ties go to
 * the earlier client in the source's order, so the outcome is deterministic.
 *
 * <p>Blanchard, El Mhamdi, Guerraoui, Stainer, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent", NeurIPS 2017.
 *
 * <p>Needs every delta at once: memory O(clients × model), plus O(clients²) distances; time
 * O(clients² × model).
 */
public final class Krum implements Strategy {

    public static final String NAME = "krum";

    static final SettingSpec BYZANTINE = SettingSpec.integer("byzantine", 1,
            "Number f of Byzantine clients to tolerate; a round needs n ≥ 2f + 3 updates").atLeast(0).atMost(1_000_000);
    static final SettingSpec MULTI_KRUM = SettingSpec.integer("multiKrum", 1,
            "Number m of lowest-scored updates averaged; 1 is Krum, m > 1 Multi-Krum (capped at n − f)")
            .atLeast(1).atMost(1_000_000);

    public static final StrategyProvider PROVIDER = new Provider(NAME,
            "Krum / Multi-Krum: apply the update(s) closest to their n − f − 2 nearest neighbours; "
                    + "Byzantine-robust (Blanchard et al., NeurIPS 2017). Memory O(clients × model).",
            List.of(BYZANTINE, MULTI_KRUM),
            s -> new Krum(Settings.integer(s, BYZANTINE), Settings.integer(s, MULTI_KRUM)));

    private final int byzantine;
    private final int multiKrum;

    /** Krum tolerating {@code f ≥ 0} Byzantine clients, averaging the {@code m ≥ 1} best-scored updates. */
    public Krum(int byzantine, int multiKrum) {
        if (!BYZANTINE.allows(byzantine) || !MULTI_KRUM.allows(multiKrum)) {
            throw new IllegalArgumentException("need byzantine " + BYZANTINE.limit() + " and multiKrum "
                    + MULTI_KRUM.limit() + ", got " + byzantine + ", " + multiKrum);
        }
        this.byzantine = byzantine;
        this.multiKrum = multiKrum;
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
        return Settings.values(BYZANTINE.name(), byzantine, MULTI_KRUM.name(), multiKrum);
    }

    @Override
    public AggregationOutcome aggregate(RoundContext round, float[] global, UpdateSource updates, StrategyState state) {
        int n = updates.size();
        int needed = 2 * byzantine + 3;
        if (n < needed) {
            return new AggregationOutcome.NoNewModel(String.format(Locale.ROOT,
                    "krum with byzantine=%d needs at least 2f+3 = %d updates, got %d", byzantine, needed, n));
        }
        float[][] deltas = StrategyMath.loadAll(global.length, updates);
        double[] scores = scores(deltas, n - byzantine - 2);
        Integer[] order = IntStream.range(0, n).boxed().toArray(Integer[]::new);
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[a], scores[b]) : Integer.compare(a, b));
        int m = Math.min(multiKrum, n - byzantine);
        int[] chosen = new int[m];
        for (int r = 0; r < m; r++) {
            chosen[r] = order[r];
        }
        Arrays.sort(chosen);

        List<String> ids = updates.clientIds();
        Map<String, String> excluded = new LinkedHashMap<>();
        for (int r = m; r < n; r++) {
            excluded.put(ids.get(order[r]), String.format(Locale.ROOT,
                    "krum: not selected (score %.4g, rank %d of %d, %d kept)", scores[order[r]], r + 1, n, m));
        }
        List<String> participants = Arrays.stream(chosen).mapToObj(ids::get).toList();
        double[] mean = StrategyMath.meanOfRows(deltas, chosen, global.length);
        return new AggregationOutcome.NewModel(StrategyMath.plusScaled(global, mean, 1.0), state, participants, excluded);
    }

    /** Each row's sum of squared distances to its {@code neighbours} nearest other rows. */
    static double[] scores(float[][] rows, int neighbours) {
        int n = rows.length;
        double[][] dist = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                dist[i][j] = dist[j][i] = StrategyMath.squaredDistance(rows[i], rows[j]);
            }
        }
        double[] scores = new double[n];
        double[] others = new double[n - 1];
        for (int i = 0; i < n; i++) {
            int k = 0;
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    others[k++] = dist[i][j];
                }
            }
            Arrays.sort(others);
            double s = 0;
            for (int j = 0; j < neighbours; j++) {
                s += others[j];
            }
            scores[i] = s;
        }
        return scores;
    }
}
