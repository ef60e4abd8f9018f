package org.flotilla.privacy.mechanism;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/**
 * The noise is drawn from a secure generator with no seed, so these tests are statistical: each
 * statistic must lie within 6 standard errors of its Gaussian value, which a correct sampler
 * fails with probability about 1e-8 per check, while a wrong scale (say 2% off) fails every time.
 */
class GaussianNoiseTest {

    private static final int N = 400_000;

    @Test
    void standardDrawsAreStandardNormal() {
        GaussianNoise noise = GaussianNoise.secure();
        double[] samples = new double[N];
        for (int i = 0; i < N; i++) {
            samples[i] = noise.nextStandard();
        }

        NoiseStatistics stats = NoiseStatistics.of(samples, 1);

        assertThat(stats.fitsGaussian(1, 6)).as(stats.toString()).isTrue();
        assertThat(stats.fitsGaussian(1.02, 6)).as("a 2%% wrong scale is detectable: %s", stats).isFalse();
    }

    @Test
    void addedNoiseHasTheRequestedScaleAndLandsOnTheGrid() {
        // Prepare: a vector with arbitrary low-order bits.
        double sigma = 0.37;
        double[] values = new double[N];
        for (int i = 0; i < N; i++) {
            values[i] = 1.0 / 3 + i * 1e-9;
        }
        double[] original = values.clone();

        // Execute
        GaussianNoise.secure().addTo(values, sigma);

        // Assert
        double grid = GaussianNoise.granularity(sigma);
        assertThat(grid).isLessThanOrEqualTo(sigma * 0x1p-39).isGreaterThan(sigma * 0x1p-41);
        double[] added = new double[N];
        for (int i = 0; i < N; i++) {
            added[i] = values[i] - original[i];
            assertThat(values[i] / grid).as("output %s is a grid point", i).isEqualTo(Math.rint(values[i] / grid));
        }
        NoiseStatistics stats = NoiseStatistics.of(added, sigma);
        assertThat(stats.fitsGaussian(sigma, 6)).as(stats.toString()).isTrue();
    }

    @Test
    void inputsThatDifferBelowTheGridGiveTheSameSetOfOutputs() {
        // Mironov's attack reads the input from the output's low bits. After snapping, x and a
        // neighbour closer than the grid spacing are the same grid point, so no output tells them apart.
        double sigma = 1.0;
        double grid = GaussianNoise.granularity(sigma);
        double x = 0.5;
        double neighbour = x + grid / 4;
        double[] a = {x};
        double[] b = {neighbour};
        GaussianNoise noise = GaussianNoise.secure();
        noise.addTo(a, sigma);
        noise.addTo(b, sigma);

        assertThat(Math.rint(x / grid)).isEqualTo(Math.rint(neighbour / grid));
        assertThat(a[0] / grid).isEqualTo(Math.rint(a[0] / grid));
        assertThat(b[0] / grid).isEqualTo(Math.rint(b[0] / grid));
    }

    @Test
    void refusesAMeaninglessScale() {
        GaussianNoise noise = GaussianNoise.secure();
        assertThatIllegalArgumentException().isThrownBy(() -> noise.addTo(new double[1], 0));
        assertThatIllegalArgumentException().isThrownBy(() -> noise.sample(Double.NaN));
        assertThatIllegalArgumentException().isThrownBy(() -> noise.addTo(new double[] {Double.NaN}, 1));
    }
}
