package org.flotilla.coordinator.cohort;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** When the shared reading of the selecting cohorts wakes the held check-ins. */
class SelectionWatchTest {

    @Test
    void wakesForANewCohortOrMoreFreeSlotsOnly() {
        assertThat(SelectionWatch.hasNewSlots(Map.of(), Map.of())).isFalse();
        assertThat(SelectionWatch.hasNewSlots(Map.of(), Map.of(7L, 3))).isTrue();
        assertThat(SelectionWatch.hasNewSlots(Map.of(7L, 3), Map.of(7L, 2))).isFalse();
        assertThat(SelectionWatch.hasNewSlots(Map.of(7L, 2), Map.of(7L, 3))).isTrue();
        assertThat(SelectionWatch.hasNewSlots(Map.of(7L, 3), Map.of())).isFalse();
        assertThat(SelectionWatch.hasNewSlots(Map.of(7L, 3), Map.of(7L, 3, 8L, 1))).isTrue();
    }
}
