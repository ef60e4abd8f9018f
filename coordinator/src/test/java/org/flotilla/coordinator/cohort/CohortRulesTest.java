package org.flotilla.coordinator.cohort;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The selection, closing and quorum rules every kind of cohort follows. */
class CohortRulesTest {

    private static final Instant WINDOW_END = Instant.parse("2026-01-01T00:01:00Z");
    private static final Instant DURING = WINDOW_END.minusSeconds(1);

    private static CohortRules cohort(int assigned, int reported, int declined) {
        return new CohortRules(3, 2, 4, assigned, reported, declined, WINDOW_END);
    }

    @Test
    void selectionEndsWhenTheOverSelectedCohortIsFullOrTheWindowHasPassedWithAQuorumAssigned() {
        assertThat(cohort(4, 0, 0).selectionEnds(DURING)).isTrue();
        assertThat(cohort(3, 0, 0).selectionEnds(DURING)).isFalse();
        assertThat(cohort(2, 0, 0).selectionEnds(WINDOW_END)).isTrue();
        assertThat(cohort(1, 0, 0).selectionEnds(WINDOW_END.plusSeconds(60))).as("selection goes on below the quorum").isFalse();
    }

    @Test
    void itClosesOnceEnoughHaveReportedOrNobodyIsOutstandingAndSucceedsWithItsQuorum() {
        assertThat(cohort(4, 3, 0).enoughReported()).isTrue();
        assertThat(cohort(4, 2, 1).canCloseAfterSelection()).isFalse();
        assertThat(cohort(4, 2, 2).canCloseAfterSelection()).isTrue();
        assertThat(cohort(4, 2, 2).outstanding()).isZero();
        assertThat(cohort(4, 2, 0).hasQuorum()).isTrue();
        assertThat(cohort(4, 1, 3).hasQuorum()).isFalse();
        assertThat(cohort(4, 1, 3).quorumMissed("result(s)"))
                .isEqualTo("quorum not reached: 1 of 2 required result(s) (4 assigned, 3 declined, none outstanding)");
        assertThat(cohort(4, 1, 1).quorumMissed("update(s)"))
                .isEqualTo("quorum not reached: 1 of 2 required update(s) (4 assigned, 1 declined, deadline passed)");
    }
}
