package org.flotilla.privacy.math;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class FftTest {

    @Test
    void convolutionMatchesTheDirectSum() {
        SplittableRandom random = new SplittableRandom(5);
        for (int trial = 0; trial < 10; trial++) {
            // Prepare: lengths past the direct-sum cut-off, so the transform is used.
            double[] a = new double[200 + random.nextInt(3000)];
            double[] b = new double[200 + random.nextInt(3000)];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextDouble();
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextDouble() * random.nextDouble();
            }

            // Execute
            double[] c = Fft.convolve(a, b);

            // Assert
            assertThat(c).hasSize(a.length + b.length - 1);
            for (int k = 0; k < c.length; k += 97) {
                double direct = 0;
                for (int i = Math.max(0, k - b.length + 1); i <= Math.min(k, a.length - 1); i++) {
                    direct += a[i] * b[k - i];
                }
                assertThat(c[k]).isCloseTo(direct, within(1e-9 * Math.max(1, direct)));
            }
        }
    }

    @Test
    void smallInputsAreSummedDirectly() {
        assertThat(Fft.convolve(new double[] {1, 2}, new double[] {3, 4, 5})).containsExactly(3, 10, 13, 10);
        assertThat(Fft.transformSize(2, 3)).isEqualTo(1);
        assertThat(Fft.transformSize(5000, 3000)).isEqualTo(8192);
    }
}
