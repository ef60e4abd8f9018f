package org.flotilla.examples.fmnist;

import org.flotilla.datasets.LabeledDataset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RandomShiftTest {

    private static LabeledDataset oneImage(float[] pixels, int side) {
        return new LabeledDataset(pixels, new int[] {3}, new int[] {1, side, side}, 5);
    }

    @Test
    void everyImageMovesByAtMostTheShiftWithZerosShiftedIn() {
        // Prepare: a single bright pixel in the middle of a 9×9 image, many copies.
        int n = 400;
        float[] x = new float[n * 81];
        for (int i = 0; i < n; i++) {
            x[i * 81 + 4 * 9 + 4] = 1f;
        }
        LabeledDataset data = new LabeledDataset(x, new int[n], new int[] {1, 9, 9}, 2);

        // Execute
        LabeledDataset shifted = RandomShift.apply(data, new int[] {1, 9, 9}, 2, 42);

        // Assert: the pixel is still there, at most 2 rows and columns away, every offset occurs.
        boolean[][] seen = new boolean[5][5];
        for (int i = 0; i < n; i++) {
            int at = -1;
            for (int p = 0; p < 81; p++) {
                float v = shifted.features()[i * 81 + p];
                assertThat(v).isIn(0f, 1f);
                if (v == 1f) {
                    assertThat(at).as("one bright pixel").isEqualTo(-1);
                    at = p;
                }
            }
            int dy = at / 9 - 4;
            int dx = at % 9 - 4;
            assertThat(Math.abs(dx)).isLessThanOrEqualTo(2);
            assertThat(Math.abs(dy)).isLessThanOrEqualTo(2);
            seen[dy + 2][dx + 2] = true;
        }
        for (boolean[] row : seen) {
            assertThat(row).containsOnly(true);
        }
        assertThat(shifted.labels()).isSameAs(data.labels());
        assertThat(data.features()[4 * 9 + 4]).as("the input is not changed").isEqualTo(1f);
    }

    @Test
    void aShiftAtTheBorderDropsWhatLeavesTheImage() {
        float[] x = new float[9];
        for (int p = 0; p < 9; p++) {
            x[p] = p + 1;
        }
        // With max shift 1 on a 3×3 image, some seed moves it right by one and down by zero, etc.;
        // whatever the draw, every kept value sits at its source position plus one offset.
        for (long seed = 0; seed < 50; seed++) {
            float[] out = RandomShift.apply(oneImage(x, 3), new int[] {1, 3, 3}, 1, seed).features();
            int dx = 0;
            int dy = 0;
            int matched = 0;
            search:
            for (dy = -1; dy <= 1; dy++) {
                for (dx = -1; dx <= 1; dx++) {
                    boolean all = true;
                    for (int r = 0; r < 3; r++) {
                        for (int c = 0; c < 3; c++) {
                            int sr = r - dy;
                            int sc = c - dx;
                            float want = sr >= 0 && sr < 3 && sc >= 0 && sc < 3 ? x[sr * 3 + sc] : 0f;
                            all &= out[r * 3 + c] == want;
                        }
                    }
                    if (all) {
                        matched++;
                        break search;
                    }
                }
            }
            assertThat(matched).as("seed %d is a pure translation", seed).isEqualTo(1);
        }
    }

    @Test
    void theSameSeedGivesTheSameShiftsAndZeroIsTheIdentity() {
        LabeledDataset d = SyntheticImages.generate(20, 1);

        assertThat(RandomShift.apply(d, new int[] {1, 28, 28}, 2, 7).features())
                .isEqualTo(RandomShift.apply(d, new int[] {1, 28, 28}, 2, 7).features());
        assertThat(RandomShift.apply(d, new int[] {1, 28, 28}, 2, 7).features())
                .isNotEqualTo(RandomShift.apply(d, new int[] {1, 28, 28}, 2, 8).features());
        assertThat(RandomShift.apply(d, new int[] {1, 28, 28}, 0, 7)).isSameAs(d);
        assertThat(RandomShift.imageShape(new LabeledDataset(new float[784], new int[] {0}, new int[] {784}, 2)))
                .containsExactly(1, 28, 28);
        assertThat(RandomShift.imageShape(new LabeledDataset(new float[60], new int[] {0}, new int[] {60}, 2))).isNull();
    }
}
