package org.flotilla.privacy.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class L2ClippingTest {

    @Test
    void leavesAnUpdateWithinTheNormAlone() {
        float[] update = {0.3f, -0.4f};

        ClippedUpdate result = L2Clipping.clip(update, 1.0);

        assertThat(result.update()).isSameAs(update);
        assertThat(result.clipped()).isFalse();
        assertThat(result.unclippedBit()).isEqualTo(1);
        assertThat(result.normBefore()).isCloseTo(0.5, within(1e-7));
    }

    @Test
    void scalesALargerUpdateOntoTheSphereKeepingItsDirection() {
        float[] update = {3f, -4f, 0f};

        ClippedUpdate result = L2Clipping.clip(update, 1.0);

        assertThat(result.clipped()).isTrue();
        assertThat(result.unclippedBit()).isZero();
        assertThat(result.normBefore()).isEqualTo(5.0);
        assertThat(result.update()).containsExactly(new float[] {0.6f, -0.8f, 0f}, within(1e-6f));
        assertThat(L2Clipping.norm(result.update())).isLessThanOrEqualTo(1.0);
        assertThat(update).containsExactly(3f, -4f, 0f);
    }

    @Test
    void theClippedNormNeverExceedsTheBoundAfterFloatRounding() {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 2000; trial++) {
            int d = 1 + random.nextInt(3000);
            float[] update = new float[d];
            double scale = Math.pow(10, random.nextDouble(-3, 4));
            for (int i = 0; i < d; i++) {
                update[i] = (float) (random.nextGaussian() * scale);
            }
            double clipNorm = Math.pow(10, random.nextDouble(-3, 2));

            ClippedUpdate result = L2Clipping.clip(update, clipNorm);

            double norm = L2Clipping.norm(result.update());
            assertThat(norm).as("trial %s", trial).isLessThanOrEqualTo(clipNorm);
            if (result.clipped()) {
                assertThat(norm).isGreaterThan(clipNorm * (1 - 1e-5));
            }
        }
    }

    @Test
    void refusesWhatCannotBeClipped() {
        assertThatIllegalArgumentException().isThrownBy(() -> L2Clipping.clip(new float[] {Float.NaN}, 1))
                .withMessageContaining("NaN");
        assertThatIllegalArgumentException().isThrownBy(() -> L2Clipping.clip(new float[] {1}, 0))
                .withMessageContaining("clipNorm");
    }
}
