package org.flotilla.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The RDP of the sampled Gaussian mechanism against figures other accountants publish in their
 * tests. Sources: TensorFlow Privacy, {@code tensorflow_privacy/privacy/analysis/rdp_accountant_test.py}
 * (the file as it was before commit bb1b7a6 moved accounting to Google's library), and Google's
 * differential-privacy library, {@code python/dp_accounting/dp_accounting/rdp/rdp_privacy_accountant_test.py}.
 */
class SampledGaussianRdpTest {

    /** TF Privacy rdp_accountant_test.py, test_compute_rdp_sequence: q = 0.01, z = 2.5, 50 steps, rtol 1e-4. */
    @ParameterizedTest
    @CsvSource({"1.5, 6.5007e-04", "2.5, 1.0854e-03", "5, 2.1808e-03", "50, 2.3846e-02", "100, 1.6742e+02"})
    void tensorFlowPrivacySequence(double order, double expected) {
        double rdp = 50 * SampledGaussianRdp.rdp(0.01, 2.5, order);

        assertThat(rdp).isCloseTo(expected, within(expected * 1e-4));
    }

    /**
     * dp_accounting rdp_privacy_accountant_test.py, test_compute_rdp_poisson_sampled_gaussian: the same
     * setting, rtol 1e-4. At α = 1.5 that library now sums the fractional series in absolute value (an
     * upper bound, 6.70579741e-04); the signed series here gives the exact value (6.5007089718e-4 by
     * mpmath quadrature of A_α), so there it must be at most theirs and match the quadrature.
     */
    @ParameterizedTest
    @CsvSource({"2.5, 1.08548710e-03", "5, 2.18075656e-03", "50, 2.38460375e-02", "100, 1.67416308e02"})
    void googleDpAccountingSequence(double order, double expected) {
        double rdp = 50 * SampledGaussianRdp.rdp(0.01, 2.5, order);

        assertThat(rdp).isCloseTo(expected, within(expected * 1e-4));
    }

    @Test
    void fractionalOrderIsExactWhereGoogleUsesAnUpperBound() {
        double rdp = 50 * SampledGaussianRdp.rdp(0.01, 2.5, 1.5);

        assertThat(rdp).isLessThanOrEqualTo(6.70579741e-04).isCloseTo(6.5007089718673871e-4, within(1e-9));
    }

    /** TF Privacy rdp_accountant_test.py, test_compute_rdp_scalar: q = 0.1, z = 2, 10 steps, α = 5. */
    @Test
    void tensorFlowPrivacyScalar() {
        assertThat(10 * SampledGaussianRdp.rdp(0.1, 2, 5)).isCloseTo(0.07737, within(5e-6));
    }

    /** TF Privacy rdp_accountant_test.py, test_compute_rdp_no_data and test_compute_rdp_no_sampling. */
    @Test
    void noDataAndNoSampling() {
        assertThat(SampledGaussianRdp.rdp(0, 10, 20)).isZero();
        assertThat(SampledGaussianRdp.rdp(1, 10, 20)).isEqualTo(0.1);
        assertThat(SampledGaussianRdp.rdp(0.5, 0, 20)).isEqualTo(Double.POSITIVE_INFINITY);
    }

    /**
     * dp_accounting rdp_privacy_accountant_test.py, test_compute_log_a_equals_mp: log A_α against a
     * multi-precision quadrature of its defining integral, with that test's tolerance (rtol 1e-4,
     * atol 1e-8). The reference values were computed with mpmath.quad at 50 digits, the test's
     * method; the last three rows add a small order, the case that library reports as once going
     * negative, and the setting above.
     */
    @ParameterizedTest
    @CsvSource({
        "1e-7, 0.1, 1.01, 4.0034123278425315e-8",
        "1e-6, 0.1, 256, 3260463.2292971602",
        "1e-5, 0.1, 256.1, 3263607.0397884208",
        "1e-6, 1, 27, 8.769503540806863e-10",
        "1e-4, 1.0, 1.5, 6.4426869703639565e-9",
        "1e-3, 1.0, 2, 1.7182803522127806e-6",
        "0.01, 10, 20, 0.00019129699912825616",
        "0.1, 100, 20.5, 0.00019991818458125194",
        "0.99, 0.1, 256, 3263997.4271140206",
        "0.999, 100, 256.1, 3.2601080379731127",
        "0.1, 1.0, 1.1, 0.00080985684680741515",
        "0.4, 12, 59.3, 2.1325556479132062",
        "0.01, 2.5, 1.5, 6.5007089718673871e-6"})
    void logAMatchesQuadrature(double q, double z, double order, double logA) {
        double computed = SampledGaussianRdp.rdp(q, z, order) * (order - 1);

        assertThat(computed).isCloseTo(logA, within(1e-8 + 1e-4 * Math.abs(logA)));
        // Errs on the side of more privacy loss, by no more than the rounding slack.
        assertThat(computed).isGreaterThanOrEqualTo(logA - 1e-15 - 1e-12 * Math.abs(logA));
    }

    @Test
    void fractionalOrdersInterpolateIntegerOnes() {
        // log A_α is convex in α, so RDP between integer orders lies between its neighbours.
        for (double q : new double[] {0.001, 0.01, 0.1, 0.5}) {
            for (double z : new double[] {0.5, 1, 2, 5}) {
                double at3 = SampledGaussianRdp.rdp(q, z, 3);
                double at4 = SampledGaussianRdp.rdp(q, z, 4);
                double at35 = SampledGaussianRdp.rdp(q, z, 3.5);
                assertThat(at35).as("q=%s z=%s", q, z).isBetween(at3, at4);
            }
        }
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(1.1, 1, 2))
                .withMessageContaining("sampling rate");
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, -1, 2))
                .withMessageContaining("noise multiplier");
        assertThatIllegalArgumentException().isThrownBy(() -> SampledGaussianRdp.rdp(0.1, 1, 1))
                .withMessageContaining("order");
    }
}
