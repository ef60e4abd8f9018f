package org.flotilla.privacy.accounting.pld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.flotilla.privacy.math.Erfc;
import org.flotilla.privacy.math.Fft;
import org.junit.jupiter.api.Test;

class PrivacyLossDistributionTest {

    @Test
    void theFftErrorConstantHasAWideMargin() {
        // The L2 error of a transform convolution of probability vectors, measured against the
        // direct sum, must stay ten times below FFT_ERROR·log₂N·(‖a‖₂ + ‖b‖₂).
        SplittableRandom random = new SplittableRandom(9);
        double worst = 0;
        for (int trial = 0; trial < 12; trial++) {
            double[] a = distribution(random, 300 + random.nextInt(4000), trial % 3);
            double[] b = distribution(random, 300 + random.nextInt(4000), (trial + 1) % 3);
            double[] c = Fft.convolve(a, b);
            double squared = 0;
            for (int k = 0; k < c.length; k++) {
                double direct = 0;
                for (int i = Math.max(0, k - b.length + 1); i <= Math.min(k, a.length - 1); i++) {
                    direct += a[i] * b[k - i];
                }
                squared += (c[k] - direct) * (c[k] - direct);
            }
            int n = Fft.transformSize(a.length, b.length);
            double log2 = 31 - Integer.numberOfLeadingZeros(n);
            double bound = PrivacyLossDistribution.FFT_ERROR * log2 * (norm(a) + norm(b));
            worst = Math.max(worst, Math.sqrt(squared) / bound);
        }
        assertThat(worst).isLessThan(0.1);
    }

    @Test
    void oneGaussianRoundIsPessimisticAndClose() {
        // q = 1: the Gaussian mechanism, whose exact δ(ε) is Balle and Wang 2018, Theorem 8 of arXiv:1805.06530v2.
        double h = 1e-4;
        PrivacyLossDistribution remove = PrivacyLossDistribution.sampledGaussianRemove(1, 1, h);
        PrivacyLossDistribution add = PrivacyLossDistribution.sampledGaussianAdd(1, 1, h);
        for (double eps : new double[] {0, 0.5, 1, 2, 3, 4, 5}) {
            double exact = gaussianDelta(1, eps);
            assertThat(remove.delta(eps)).as("eps=%s", eps).isGreaterThanOrEqualTo(exact)
                    .isLessThanOrEqualTo(gaussianDelta(1, eps - h) + 1e-12);
            assertThat(add.delta(eps)).isCloseTo(remove.delta(eps), within(1e-12));
        }
        assertThat(remove.finiteMass() + remove.infinityMass()).isCloseTo(1, within(1e-12));
    }

    @Test
    void compositionKeepsTheMass() {
        PrivacyLossDistribution one = PrivacyLossDistribution.sampledGaussianRemove(0.05, 1.2, 1e-4);

        PrivacyLossDistribution many = one.selfCompose(37);

        assertThat(many.finiteMass() + many.infinityMass()).isCloseTo(1, within(1e-9));
        assertThat(many.errorBound()).isLessThan(1e-10);
        assertThat(many.delta(1.0)).isGreaterThan(one.delta(1.0));
    }

    static double gaussianDelta(double mu, double eps) {
        return Erfc.normalCdf(mu / 2 - eps / mu) - Math.exp(eps) * Erfc.normalCdf(-mu / 2 - eps / mu);
    }

    private static double[] distribution(SplittableRandom random, int n, int kind) {
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double x = (i - n / 3.0) / (n / 10.0);
            p[i] = switch (kind) {
                case 0 -> random.nextDouble();
                case 1 -> Math.exp(-x * x);
                default -> i == n / 2 ? 1 : 1e-12 * random.nextDouble();
            };
            sum += p[i];
        }
        for (int i = 0; i < n; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
