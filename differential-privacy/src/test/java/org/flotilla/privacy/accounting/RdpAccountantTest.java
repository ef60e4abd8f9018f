package org.flotilla.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The accountant end to end against the ε that TensorFlow Privacy and Opacus publish, each over
 * that library's own grid of orders, plus composition and monotonicity.
 */
class RdpAccountantTest {

    /** The orders of TF Privacy's compute_dp_sgd_privacy (compute_dp_sgd_privacy_lib.py). */
    private static final RdpOrders TF_ORDERS = new RdpOrders(DoubleStream.concat(
            DoubleStream.of(1.25, 1.5, 1.75, 2.0, 2.25, 2.5, 3.0, 3.5, 4.0, 4.5),
            DoubleStream.concat(IntStream.range(5, 64).asDoubleStream(), DoubleStream.of(128, 256, 512))).toArray());

    /** Opacus' RDPAccountant.DEFAULT_ALPHAS (opacus/accountants/rdp.py). */
    private static final RdpOrders OPACUS_ORDERS = new RdpOrders(DoubleStream.concat(
            IntStream.range(1, 100).mapToDouble(x -> 1 + x / 10.0), IntStream.range(12, 64).asDoubleStream()).toArray());

    /**
     * TF Privacy {@code tensorflow_privacy/privacy/analysis/compute_dp_sgd_privacy_test.py},
     * test_compute_dp_sgd_privacy (Test0, Test1, Test2): n examples, batch b, z, epochs, δ → ε and
     * the optimal order; q = b/n, steps = ceil(epochs·n/b). assertAlmostEqual there is 7 places.
     */
    @ParameterizedTest
    @CsvSource({
        "60000, 150, 1.3, 15, 1e-5, 0.7242234026109595, 19.0",
        "100000, 100, 1.0, 30, 1e-7, 1.4154988495444842, 13.0",
        "100000000, 1024, 0.1, 10, 1e-7, 5907982.3113984, 1.25"})
    void tensorFlowPrivacyDpSgd(long n, long batch, double z, double epochs, double delta, double epsilon,
            double order) {
        // Prepare
        double q = (double) batch / n;
        long steps = (long) Math.ceil(epochs * n / batch);

        // Execute
        PrivacySpent spent = RdpAccountant.create(TF_ORDERS).compose(q, z, steps).epsilon(delta);

        // Assert
        assertThat(spent.epsilon()).isCloseTo(epsilon, within(Math.max(5e-8, epsilon * 1e-10)));
        assertThat(spent.order()).isEqualTo(order);
        assertThat(spent.delta()).isEqualTo(delta);
        assertThat(spent.accountant()).isEqualTo("rdp");
    }

    /**
     * Opacus {@code opacus/tests/accountants_test.py}, test_rdp_accountant: z = 1.5, q = 0.04,
     * int(90/0.04) = 2250 steps, δ = 1e-5 → ε = 7.32911117143 (assertAlmostEqual, 7 places).
     * Opacus steps one round at a time; so does this test, to exercise the merging of history.
     */
    @Test
    void opacusRdpAccountant() {
        RdpAccountant accountant = RdpAccountant.create(OPACUS_ORDERS);
        for (int i = 0; i < 2250; i++) {
            accountant = accountant.compose(AccountingStep.of(0.04, 1.5));
        }

        assertThat(accountant.epsilon(1e-5).epsilon()).isCloseTo(7.32911117143, within(5e-8));
        assertThat(accountant.history()).containsExactly(new AccountingStep(0.04, 1.5, 2250));
        assertThat(accountant.rounds()).isEqualTo(2250);
    }

    /**
     * TF Privacy rdp_accountant_test.py, test_check_composition: 40000 steps at q = 1e-4, z = 0.4
     * then 100 at q = 0.1, z = 2; the old conversion gave 8.509656 at δ = 1e-5, which the tighter
     * one must not exceed.
     */
    @Test
    void heterogeneousCompositionBeatsTheOldFigure() {
        RdpOrders orders = new RdpOrders(new double[] {1.25, 1.5, 1.75, 2., 2.5, 3., 4., 5., 6., 7., 8., 10., 12., 14.,
            16., 20., 24., 28., 32., 64., 256.});

        PrivacySpent spent = RdpAccountant.create(orders).compose(1e-4, 0.4, 40000).compose(0.1, 2, 100).epsilon(1e-5);

        assertThat(spent.epsilon()).isLessThanOrEqualTo(8.509656).isGreaterThan(7);
    }

    /** TF Privacy rdp_accountant_test.py, test_compute_heterogeneous_rdp_different_sampling_probabilities. */
    @Test
    void heterogeneousRdpAddsUp() {
        RdpOrders orders = new RdpOrders(new double[] {20});

        RdpAccountant accountant = RdpAccountant.create(orders).compose(0, 10, 1).compose(1, 10, 1);

        assertThat(accountant.rdp()[0]).isEqualTo(0.1);
        assertThat(accountant.history()).hasSize(2);
    }

    @Test
    void composingInPiecesEqualsComposingAtOnce() {
        RdpAccountant once = RdpAccountant.create().compose(0.02, 1.1, 300).compose(0.05, 0.9, 200);
        RdpAccountant pieces = RdpAccountant.of(RdpOrders.DEFAULT, List.of(new AccountingStep(0.02, 1.1, 100),
                new AccountingStep(0.02, 1.1, 200), new AccountingStep(0.05, 0.9, 200)));

        assertThat(pieces.history()).isEqualTo(once.history());
        double[] a = once.rdp();
        double[] b = pieces.rdp();
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-12 * Math.max(1, a[i])));
        }
        assertThat(pieces.epsilon(1e-5).epsilon()).isCloseTo(once.epsilon(1e-5).epsilon(), within(1e-9));
    }

    /**
     * Sanity against the tighter PRV accountant: RDP is an upper bound, so its ε must not fall below
     * the PRV values Opacus' {@code opacus/tests/prv_accountant.py} lists (computed with Microsoft's
     * prv_accountant, δ = 1e-6; key (σ, q, steps)), and, RDP being loosest at small ε, within a factor of three of them.
     */
    @ParameterizedTest
    @CsvSource({
        "1.5, 0.05, 1000, 6.20996924657726712126759593957",
        "2.0, 0.001, 1000, 0.0712187825381152272985474382949",
        "3.0, 0.05, 100, 0.767933789666825572517439013609",
        "0.8, 0.001, 20000, 1.29600925757016161021795142005"})
    void neverBelowThePrvAccountant(double z, double q, long steps, double prvEpsilon) {
        double epsilon = RdpAccountant.create().compose(q, z, steps).epsilon(1e-6).epsilon();

        assertThat(epsilon).isGreaterThanOrEqualTo(prvEpsilon * (1 - 1e-4)).isLessThan(3 * prvEpsilon);
    }

    @Test
    void epsilonGrowsWithRoundsAndSamplingRateAndFallsWithNoise() {
        double delta = 1e-5;
        double previous = 0;
        for (long rounds : new long[] {1, 10, 100, 1000, 10000}) {
            double eps = RdpAccountant.create().compose(0.01, 1.0, rounds).epsilon(delta).epsilon();
            assertThat(eps).as("rounds=%s", rounds).isGreaterThan(previous);
            previous = eps;
        }
        previous = 0;
        for (double q : new double[] {0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1}) {
            double eps = RdpAccountant.create().compose(q, 1.0, 100).epsilon(delta).epsilon();
            assertThat(eps).as("q=%s", q).isGreaterThan(previous);
            previous = eps;
        }
        previous = Double.POSITIVE_INFINITY;
        for (double z : new double[] {0.3, 0.5, 0.7, 1, 1.5, 2, 4, 8}) {
            double eps = RdpAccountant.create().compose(0.01, z, 1000).epsilon(delta).epsilon();
            assertThat(eps).as("z=%s", z).isLessThan(previous);
            previous = eps;
        }
        previous = Double.POSITIVE_INFINITY;
        for (double d : new double[] {1e-10, 1e-7, 1e-5, 1e-3}) {
            double eps = RdpAccountant.create().compose(0.01, 1.0, 1000).epsilon(d).epsilon();
            assertThat(eps).as("delta=%s", d).isLessThan(previous);
            previous = eps;
        }
    }

    @Test
    void nothingSpentIsZero() {
        assertThat(RdpAccountant.create().epsilon(1e-5).epsilon()).isZero();
        assertThat(RdpAccountant.create().compose(0, 1, 100).epsilon(1e-10).epsilon()).isZero();
    }
}
