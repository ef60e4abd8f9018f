package org.flotilla.coordinator.cohort;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.cohort.CohortState.CLOSING;
import static org.flotilla.coordinator.cohort.CohortState.COMPLETED;
import static org.flotilla.coordinator.cohort.CohortState.FAILED;
import static org.flotilla.coordinator.cohort.CohortState.SELECTION;
import static org.flotilla.coordinator.cohort.CohortState.WORKING;

/** The one state machine of every cohort (training rounds and evaluations alike). */
class CohortStateTest {

    @Test
    void aCohortMovesForwardThroughItsPhasesOrFails() {
        assertThat(SELECTION.next()).containsExactlyInAnyOrder(WORKING, FAILED);
        assertThat(WORKING.next()).containsExactlyInAnyOrder(CLOSING, FAILED);
        assertThat(CLOSING.next()).containsExactlyInAnyOrder(COMPLETED, FAILED);
        assertThat(COMPLETED.next()).isEmpty();
        assertThat(FAILED.next()).isEmpty();
    }

    @Test
    void noPhaseIsSkippedAndNothingGoesBack() {
        assertThat(SELECTION.canMoveTo(CLOSING)).isFalse();
        assertThat(SELECTION.canMoveTo(COMPLETED)).as("answers are folded only after selection").isFalse();
        assertThat(WORKING.canMoveTo(SELECTION)).isFalse();
        assertThat(CLOSING.canMoveTo(WORKING)).isFalse();
        for (CohortState s : CohortState.values()) {
            assertThat(s.canMoveTo(s)).as(s.name()).isFalse();
        }
        assertThatThrownBy(() -> COMPLETED.requireCanMoveTo(FAILED))
                .isInstanceOf(IllegalStateException.class).hasMessage("a cohort cannot go from COMPLETED to FAILED");
    }

    @Test
    void theStatesSayWhatTheyMean() {
        assertThat(EnumSet.allOf(CohortState.class).stream().filter(CohortState::isTerminal)).containsExactlyInAnyOrder(COMPLETED, FAILED);
        assertThat(EnumSet.allOf(CohortState.class).stream().filter(CohortState::isOpen)).containsExactlyInAnyOrder(SELECTION, WORKING);
        assertThat(EnumSet.allOf(CohortState.class).stream().filter(CohortState::isSuccessful)).containsExactly(COMPLETED);
        assertThat(FAILED.isRetriable()).isTrue();
        assertThat(COMPLETED.isRetriable()).isFalse();
        for (CohortState s : CohortState.values()) {
            assertThat(s.isTerminal()).isEqualTo(s.next().isEmpty());
        }
    }

    @Test
    void participantStatusesHaveTheirOwnCheckedTransitions() {
        assertThat(ParticipantStatus.ASSIGNED.next()).containsExactlyInAnyOrder(ParticipantStatus.REPORTED,
                ParticipantStatus.DECLINED, ParticipantStatus.DROPPED, ParticipantStatus.LATE);
        assertThat(ParticipantStatus.DROPPED.next()).containsExactly(ParticipantStatus.LATE);
        assertThat(EnumSet.allOf(ParticipantStatus.class).stream().filter(ParticipantStatus::isTerminal))
                .containsExactlyInAnyOrder(ParticipantStatus.REPORTED, ParticipantStatus.DECLINED, ParticipantStatus.LATE);
        assertThat(EnumSet.allOf(ParticipantStatus.class).stream().filter(ParticipantStatus::isDropped))
                .containsExactlyInAnyOrder(ParticipantStatus.DROPPED, ParticipantStatus.LATE);
        assertThatThrownBy(() -> ParticipantStatus.REPORTED.requireCanMoveTo(ParticipantStatus.LATE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a participant cannot go from REPORTED to LATE");
    }
}
