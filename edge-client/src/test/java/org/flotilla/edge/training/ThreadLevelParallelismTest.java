package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import org.junit.jupiter.api.Test;

class ThreadLevelParallelismTest {

    @Test
    void literatureExample() {
        // Window [0, 10): none for 2, one for 4, two for 3, three for 1:
        // c0 = 0.2, c1 = 0.4, c2 = 0.3, c3 = 0.1 → TLP = (0.4 + 0.6 + 0.3) / 0.8 = 1.625.
        List<Interval> intervals = List.of(new Interval(2, 10), new Interval(6, 10), new Interval(9, 10));

        ParallelismProfile p = ThreadLevelParallelism.measure(intervals, 0, 10);

        assertThat(p.fractions()).containsExactly(new double[] {0.2, 0.4, 0.3, 0.1}, within(1e-12));
        assertThat(p.tlp()).isCloseTo(1.625, within(1e-12));
    }

    @Test
    void sameExampleSplitIntoManySteps() {
        // The same occupancy built from per-batch steps of three workers, touching end-to-start.
        List<Interval> intervals = List.of(
                new Interval(2, 4), new Interval(4, 7), new Interval(7, 10),   // worker A
                new Interval(6, 8), new Interval(8, 10),                       // worker B
                new Interval(9, 10));                                          // worker C

        ParallelismProfile p = ThreadLevelParallelism.measure(intervals, 0, 10);

        assertThat(p.fractions()).containsExactly(new double[] {0.2, 0.4, 0.3, 0.1}, within(1e-12));
        assertThat(p.tlp()).isCloseTo(1.625, within(1e-12));
    }

    @Test
    void clipsToTheWindowAndHandlesIdleWindows() {
        ParallelismProfile p = ThreadLevelParallelism.measure(List.of(new Interval(-5, 5), new Interval(8, 20)), 0, 10);
        assertThat(p.fractions()).containsExactly(new double[] {0.3, 0.7}, within(1e-12));
        assertThat(p.tlp()).isEqualTo(1.0);

        ParallelismProfile idle = ThreadLevelParallelism.measure(List.of(), 0, 10);
        assertThat(idle.fractions()).containsExactly(1.0);
        assertThat(idle.tlp()).isZero();
    }

    @Test
    void perfectOverlapOfFourWorkers() {
        List<Interval> intervals = List.of(new Interval(0, 100), new Interval(0, 100), new Interval(0, 100),
                new Interval(0, 100));
        assertThat(ThreadLevelParallelism.measure(intervals, 0, 100).tlp()).isEqualTo(4.0);
    }

    @Test
    void rejectsAnEmptyWindow() {
        assertThatThrownBy(() -> ThreadLevelParallelism.measure(List.of(), 5, 5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
