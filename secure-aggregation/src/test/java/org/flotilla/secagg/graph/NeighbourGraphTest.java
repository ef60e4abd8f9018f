package org.flotilla.secagg.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NeighbourGraphTest {

    private static List<String> ids(int n) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("client-" + i);
        }
        return ids;
    }

    private static byte[] seed(int s) {
        byte[] b = new byte[32];
        new Random(s).nextBytes(b);
        return b;
    }

    @Test
    void aHararyGraphIsKRegularAndSymmetric() {
        NeighbourGraph g = NeighbourGraph.build(ids(100), 20, seed(1), "r");
        for (String u : g.participants()) {
            assertThat(g.neighbours(u)).hasSize(20).doesNotContain(u).doesNotHaveDuplicates();
            for (String v : g.neighbours(u)) {
                assertThat(g.adjacent(v, u)).isTrue();
            }
        }
    }

    @Test
    void everyPartyDerivesTheSameGraphFromTheSeed() {
        List<String> shuffled = new ArrayList<>(ids(50));
        Collections.shuffle(shuffled, new Random(3));
        NeighbourGraph a = NeighbourGraph.build(ids(50), 10, seed(2), "r");
        NeighbourGraph b = NeighbourGraph.build(shuffled, 10, seed(2), "r");
        NeighbourGraph c = NeighbourGraph.build(ids(50), 10, seed(3), "r");
        NeighbourGraph d = NeighbourGraph.build(ids(50), 10, seed(2), "r2");
        boolean differs = false;
        boolean differsByRound = false;
        for (String u : a.participants()) {
            assertThat(b.neighbours(u)).isEqualTo(a.neighbours(u));
            assertThat(b.shareIndex(u)).isEqualTo(a.shareIndex(u));
            differs |= !c.neighbours(u).equals(a.neighbours(u));
            differsByRound |= !d.neighbours(u).equals(a.neighbours(u));
        }
        assertThat(differs).isTrue();
        assertThat(differsByRound).isTrue();
    }

    @Test
    void degreeNMinusOneIsTheCompleteGraph() {
        NeighbourGraph g = NeighbourGraph.build(ids(9), 8, seed(4), "r");
        for (String u : g.participants()) {
            assertThat(g.neighbours(u)).hasSize(8);
        }
    }

    @Test
    void fewerThanKDropOutsNeverDisconnectTheSurvivors() {
        // Vertex connectivity of H(n, k) is k: removing k − 1 random vertices keeps it connected.
        Random random = new Random(5);
        for (int trial = 0; trial < 200; trial++) {
            int n = 20 + random.nextInt(80);
            int k = 2 * (1 + random.nextInt(5));
            NeighbourGraph g = NeighbourGraph.build(ids(n), k, seed(trial), "r");
            List<String> alive = new ArrayList<>(g.participants());
            Collections.shuffle(alive, random);
            Set<String> survivors = new HashSet<>(alive.subList(k - 1, alive.size()));
            assertThat(g.connectedAmong(survivors)).isTrue();
        }
    }

    @Test
    void removingARingSegmentsNeighboursDisconnectsIt() {
        // A 2-regular graph is a cycle: removing two non-adjacent vertices splits it.
        NeighbourGraph g = NeighbourGraph.build(ids(10), 2, seed(6), "r");
        String u = g.participants().get(0);
        List<String> both = g.neighbours(u);
        Set<String> survivors = new HashSet<>(g.participants());
        survivors.removeAll(both);
        assertThat(g.connectedAmong(survivors)).isFalse(); // u is isolated
    }

    @Test
    void shareIndicesAreOneBasedInIdOrder() {
        NeighbourGraph g = NeighbourGraph.build(List.of("b", "c", "a"), 2, seed(7), "r");
        assertThat(g.shareIndex("a")).isEqualTo(1);
        assertThat(g.shareIndex("c")).isEqualTo(3);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThatThrownBy(() -> NeighbourGraph.build(List.of("a", "a", "b"), 1, seed(1), "r"))
                .hasMessageContaining("distinct");
        assertThatThrownBy(() -> NeighbourGraph.build(ids(10), 3, seed(1), "r")).hasMessageContaining("even");
        assertThatThrownBy(() -> NeighbourGraph.build(ids(10), 10, seed(1), "r")).hasMessageContaining("degree");
    }
}
