package org.flotilla.coordinator.cohort;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The selection policy differentially private jobs need: independent coins with a fixed rate. */
class PoissonSamplingTest {

    private static Cohort cohort(long id) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new Cohort(id, 1, new CohortKind("TRAIN"), 1, 1, null, CohortState.SELECTION, "w", 10, 5, 13, 0, 0, 0,
                t, t, t, null, null, null, null, null, null);
    }

    @Test
    void eachClientJoinsWithTheRateAndItsCoinDoesNotChangeBetweenCheckIns() {
        PoissonSampling q = new PoissonSampling(0.1, 1234);
        int admitted = 0;
        for (int i = 0; i < 20_000; i++) {
            SelectionPolicy.Candidate c = new SelectionPolicy.Candidate("c-" + i, 10);
            boolean first = q.admits(cohort(7), c, (id, client) -> false);
            assertThat(q.admits(cohort(7), c, (id, client) -> false)).isEqualTo(first);
            admitted += first ? 1 : 0;
        }
        // Binomial(20000, 0.1): mean 2000, standard deviation ~42; 5 sigma either way.
        assertThat(admitted).isBetween(1790, 2210);
        assertThat(q.admits(cohort(7), new SelectionPolicy.Candidate("no-data", 0), (id, client) -> false)).isFalse();
        assertThatThrownBy(() -> new PoissonSampling(0, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void survivorsOfThePreviousPhaseAreTheOnlyCandidatesOfTheNext() {
        SelectionPolicy next = SelectionPolicy.survivorsOf(3);
        SelectionPolicy.Lookup lookup = (id, client) -> id == 3 && client.equals("kept");
        assertThat(next.admits(cohort(4), new SelectionPolicy.Candidate("kept", 1), lookup)).isTrue();
        assertThat(next.admits(cohort(4), new SelectionPolicy.Candidate("dropped", 1), lookup)).isFalse();
    }
}
