package org.flotilla.coordinator.evaluation;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.flotilla.coordinator.evaluation.EvaluationState.COMPLETED;
import static org.flotilla.coordinator.evaluation.EvaluationState.EVALUATING;
import static org.flotilla.coordinator.evaluation.EvaluationState.FAILED;
import static org.flotilla.coordinator.evaluation.EvaluationState.SELECTION;

class EvaluationStateTest {

    @Test
    void anEvaluationMovesForwardOrFailsAndNeverGoesBack() {
        assertThat(SELECTION.next()).containsExactlyInAnyOrder(EVALUATING, FAILED);
        assertThat(EVALUATING.next()).containsExactlyInAnyOrder(COMPLETED, FAILED);
        assertThat(COMPLETED.next()).isEmpty();
        assertThat(FAILED.next()).isEmpty();
        assertThat(SELECTION.canMoveTo(COMPLETED)).as("results are folded only after selection").isFalse();
        assertThat(EVALUATING.canMoveTo(SELECTION)).isFalse();
        for (EvaluationState s : EvaluationState.values()) {
            assertThat(s.canMoveTo(s)).as(s.name()).isFalse();
            assertThat(s.isTerminal()).isEqualTo(s.next().isEmpty());
        }
        assertThatThrownBy(() -> FAILED.requireCanMoveTo(COMPLETED))
                .isInstanceOf(IllegalStateException.class).hasMessage("an evaluation cannot go from FAILED to COMPLETED");
    }

    @Test
    void theStatesSayWhatTheyMeanAndNoEvaluationIsRetried() {
        assertThat(EnumSet.allOf(EvaluationState.class).stream().filter(EvaluationState::isOpen))
                .containsExactlyInAnyOrder(SELECTION, EVALUATING);
        assertThat(EnumSet.allOf(EvaluationState.class).stream().filter(EvaluationState::isSuccessful))
                .containsExactly(COMPLETED);
        assertThat(EnumSet.allOf(EvaluationState.class).stream().filter(EvaluationState::isRetriable)).isEmpty();
    }
}
