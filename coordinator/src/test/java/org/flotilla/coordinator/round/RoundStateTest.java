package org.flotilla.coordinator.round;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.round.RoundState.AGGREGATING;
import static org.flotilla.coordinator.round.RoundState.COMPLETED;
import static org.flotilla.coordinator.round.RoundState.FAILED;
import static org.flotilla.coordinator.round.RoundState.SELECTION;
import static org.flotilla.coordinator.round.RoundState.TRAINING;

class RoundStateTest {

    @Test
    void aRoundMovesForwardThroughItsPhasesOrFails() {
        assertThat(SELECTION.next()).containsExactlyInAnyOrder(TRAINING, FAILED);
        assertThat(TRAINING.next()).containsExactlyInAnyOrder(AGGREGATING, FAILED);
        assertThat(AGGREGATING.next()).containsExactlyInAnyOrder(COMPLETED, FAILED);
        assertThat(COMPLETED.next()).isEmpty();
        assertThat(FAILED.next()).isEmpty();
    }

    @Test
    void noPhaseIsSkippedAndNothingGoesBack() {
        assertThat(SELECTION.canMoveTo(AGGREGATING)).isFalse();
        assertThat(SELECTION.canMoveTo(COMPLETED)).isFalse();
        assertThat(TRAINING.canMoveTo(SELECTION)).isFalse();
        assertThat(AGGREGATING.canMoveTo(TRAINING)).isFalse();
        for (RoundState s : RoundState.values()) {
            assertThat(s.canMoveTo(s)).as(s.name()).isFalse();
        }
        assertThatThrownBy(() -> COMPLETED.requireCanMoveTo(FAILED))
                .isInstanceOf(IllegalStateException.class).hasMessage("a round cannot go from COMPLETED to FAILED");
    }

    @Test
    void theStatesSayWhatTheyMean() {
        assertThat(EnumSet.allOf(RoundState.class).stream().filter(RoundState::isTerminal)).containsExactlyInAnyOrder(COMPLETED, FAILED);
        assertThat(EnumSet.allOf(RoundState.class).stream().filter(RoundState::isOpen)).containsExactlyInAnyOrder(SELECTION, TRAINING);
        assertThat(COMPLETED.isSuccessful()).isTrue();
        assertThat(FAILED.isRetriable()).isTrue();
        assertThat(COMPLETED.isRetriable()).isFalse();
        for (RoundState s : RoundState.values()) {
            assertThat(s.isTerminal()).isEqualTo(s.next().isEmpty());
        }
    }
}
