package org.flotilla.coordinator.job;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.job.JobState.CANCELLED;
import static org.flotilla.coordinator.job.JobState.COMPLETED;
import static org.flotilla.coordinator.job.JobState.CREATED;
import static org.flotilla.coordinator.job.JobState.FAILED;
import static org.flotilla.coordinator.job.JobState.RUNNING;

class JobStateTest {

    @Test
    void aJobRunsThenEndsOneWayOrAnother() {
        assertThat(CREATED.next()).containsExactlyInAnyOrder(RUNNING, FAILED, CANCELLED);
        assertThat(RUNNING.next()).containsExactlyInAnyOrder(COMPLETED, FAILED, CANCELLED);
        assertThat(CREATED.canMoveTo(COMPLETED)).isFalse();
        assertThatThrownBy(() -> CANCELLED.requireCanMoveTo(RUNNING)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void terminalStatesHaveNoWayOut() {
        for (JobState s : JobState.values()) {
            assertThat(s.isTerminal()).as(s.name()).isEqualTo(s.next().isEmpty());
        }
        assertThat(COMPLETED.isSuccessful()).isTrue();
        assertThat(FAILED.isSuccessful()).isFalse();
        assertThat(CANCELLED.isSuccessful()).isFalse();
    }

    @Test
    void overSelectionRoundsUpWithoutFloatingPointSurprises() {
        assertThat(new RoundPolicy(10, 8, 1.3, 60, 30, 2).selectionTarget()).isEqualTo(13);
        assertThat(new RoundPolicy(4, 2, 1.3, 60, 30, 2).selectionTarget()).isEqualTo(6);
        assertThat(new RoundPolicy(3, 2, 1.0, 60, 30, 2).selectionTarget()).isEqualTo(3);
        assertThat(new RoundPolicy(1, 1, 1.3, 60, 30, 2).selectionTarget()).isEqualTo(2);
    }
}
