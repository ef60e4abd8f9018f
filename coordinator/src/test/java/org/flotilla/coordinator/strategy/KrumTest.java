package org.flotilla.coordinator.strategy;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.flotilla.coordinator.strategy.Rounds.assertClose;
import static org.flotilla.coordinator.strategy.Rounds.newModel;

class KrumTest {

    /** Plain reference of Blanchard et al.: the indices of the m lowest Krum scores, best first. */
    static List<Integer> referenceSelection(float[][] deltas, int f, int m) {
        int n = deltas.length;
        List<double[]> scored = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            List<Double> distances = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    double s = 0;
                    for (int c = 0; c < deltas[i].length; c++) {
                        double diff = (double) deltas[i][c] - deltas[j][c];
                        s += diff * diff;
                    }
                    distances.add(s);
                }
            }
            distances.sort(Comparator.naturalOrder());
            double score = distances.subList(0, n - f - 2).stream().mapToDouble(Double::doubleValue).sum();
            scored.add(new double[] {score, i});
        }
        scored.sort(Comparator.comparingDouble((double[] a) -> a[0]).thenComparingDouble(a -> a[1]));
        return scored.subList(0, m).stream().map(a -> (int) a[1]).toList();
    }

    static double[] referenceKrum(float[] global, float[][] deltas, List<Integer> chosen) {
        double[] out = StrategyMath.toDouble(global);
        for (int i = 0; i < out.length; i++) {
            double s = 0;
            for (int k : chosen) {
                s += deltas[k][i];
            }
            out[i] += s / chosen.size();
        }
        return out;
    }

    @ParameterizedTest(name = "n={0}, f={1}, m={2}")
    @CsvSource({"7, 2, 1", "7, 2, 3", "9, 1, 4", "5, 1, 1", "10, 3, 2"})
    void selectsAndAveragesAsThePlainReference(int n, int f, int m) {
        // Prepare: clients at different spreads so the scores are well separated
        Random random = new Random(100L * n + 10L * f + m);
        int d = 400;
        float[] global = Rounds.gaussian(random, d, 1.0);
        float[][] deltas = new float[n][];
        for (int k = 0; k < n; k++) {
            deltas[k] = Rounds.gaussian(random, d, 0.1 + 0.1 * random.nextInt(5));
        }
        Rounds.Counted round = new Rounds.Counted(deltas, Rounds.examples(random, n));
        Strategy krum = Strategies.create("krum", Map.of("byzantine", f, "multiKrum", m));

        // Execute
        var model = newModel(krum.aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        List<Integer> chosen = referenceSelection(deltas, f, m);
        round.assertEachLoadedExactly(1);
        assertThat(model.participants()).containsExactlyInAnyOrderElementsOf(chosen.stream().map(Rounds::id).toList());
        assertThat(model.excluded()).hasSize(n - m);
        assertThat(model.excluded().values()).allSatisfy(reason -> assertThat(reason).startsWith("krum: not selected"));
        assertClose(model.weights(), referenceKrum(global, deltas, chosen), 1e-6);
    }

    @Test
    void scoresEachUpdateOverItsNMinusFMinus2NearestNeighbours() {
        // Prepare: a tight pair {0, 0.1} and a spread triple {5, 6, 7}; n = 5, f = 1, so 2 neighbours.
        // With 2 neighbours 6 scores 1 + 1 = 2 and wins; with 3 it would score 36.81 and 5 would win.
        float[][] deltas = {{0f}, {0.1f}, {5f}, {6f}, {7f}};
        Rounds.Counted round = new Rounds.Counted(deltas, Rounds.ones(5));

        // Execute
        var model = newModel(new Krum(1, 1).aggregate(Rounds.round(1), new float[] {10f}, round.source,
                StrategyState.EMPTY));

        // Assert
        assertThat(model.participants()).containsExactly("c3");
        assertThat(model.weights()).containsExactly(16f);
        assertThat(model.excluded().get("c2")).isEqualTo("krum: not selected (score 5.000, rank 2 of 5, 1 kept)");
    }

    @Test
    void oneUpdateScaledBy100AmongFiveIsNotSelected() {
        // Prepare
        Random random = new Random(7);
        float[] global = new float[1000];
        Rounds.Counted round = new Rounds.Counted(Rounds.withOneScaledBy100(random, 5, 1000), Rounds.ones(5));
        double[] honestMean = Rounds.meanOfRowsFrom(round.deltas, 1);

        // Execute
        var model = newModel(new Krum(1, 1).aggregate(Rounds.round(1), global, round.source, StrategyState.EMPTY));

        // Assert
        assertThat(model.participants()).hasSize(1).doesNotContain("c0");
        assertThat(model.excluded()).containsKey("c0");
        assertThat(Rounds.distance(model.weights(), honestMean)).isLessThan(0.15 * Rounds.norm(honestMean));
    }

    @Test
    void fewerThan2fPlus3UpdatesIsNoNewModel() {
        // Prepare
        Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(new Random(8), 4, 10, 1.0), Rounds.ones(4));

        // Execute
        AggregationOutcome outcome = new Krum(1, 1).aggregate(Rounds.round(1), new float[10], round.source,
                StrategyState.EMPTY);

        // Assert
        assertThat(outcome).isEqualTo(new AggregationOutcome.NoNewModel(
                "krum with byzantine=1 needs at least 2f+3 = 5 updates, got 4"));
        round.assertEachLoadedExactly(0);
    }

    @Test
    void multiKrumIsCappedAtNMinusF() {
        // Prepare
        Random random = new Random(9);
        Rounds.Counted round = new Rounds.Counted(Rounds.gaussian(random, 6, 50, 1.0), Rounds.ones(6));

        // Execute
        var model = newModel(new Krum(1, 10).aggregate(Rounds.round(1), new float[50], round.source,
                StrategyState.EMPTY));

        // Assert
        assertThat(model.participants()).hasSize(5);
        assertThat(model.excluded()).hasSize(1);
    }
}
