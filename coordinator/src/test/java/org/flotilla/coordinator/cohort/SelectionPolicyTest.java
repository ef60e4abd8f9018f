package org.flotilla.coordinator.cohort;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The selection policies the engine offers kinds. */
class SelectionPolicyTest {

    private static Cohort cohort(long id) {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        return new Cohort(id, 1, new CohortKind("TRAIN"), 1, 1, null, CohortState.SELECTION, "w", 10, 5, 13, 0, 0, 0,
                t, t, t, null, null, null, null, null, null);
    }

    @Test
    void theOpenPolicyAdmitsEveryClientWithData() {
        assertThat(SelectionPolicy.OPEN.admits(cohort(1), new SelectionPolicy.Candidate("a", 1), (id, c) -> false)).isTrue();
        assertThat(SelectionPolicy.OPEN.admits(cohort(1), new SelectionPolicy.Candidate("b", 0), (id, c) -> false)).isFalse();
    }

    @Test
    void survivorsOfThePreviousPhaseAreTheOnlyCandidatesOfTheNext() {
        SelectionPolicy next = SelectionPolicy.survivorsOf(3);
        SelectionPolicy.Lookup lookup = (id, client) -> id == 3 && client.equals("kept");
        assertThat(next.admits(cohort(4), new SelectionPolicy.Candidate("kept", 1), lookup)).isTrue();
        assertThat(next.admits(cohort(4), new SelectionPolicy.Candidate("dropped", 1), lookup)).isFalse();
    }
}
