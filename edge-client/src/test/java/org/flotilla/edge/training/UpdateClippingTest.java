package org.flotilla.edge.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UpdateClippingTest {

    @Test
    void scalesALongUpdateToTheBound() {
        UpdateClipping.Result r = UpdateClipping.clip(new float[] {3, 4}, 1.0);
        assertThat(r.clipped()).isTrue();
        assertThat(r.normBefore()).isEqualTo(5.0);
        assertThat(r.delta()).containsExactly(new float[] {0.6f, 0.8f}, within(1e-7f));
        assertThat(UpdateClipping.norm(r.delta())).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void leavesAShortUpdateAlone() {
        float[] d = {0.3f, 0.4f};
        UpdateClipping.Result r = UpdateClipping.clip(d, 1.0);
        assertThat(r.clipped()).isFalse();
        assertThat(r.delta()).isSameAs(d);
    }
}
