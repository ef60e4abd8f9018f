package org.flotilla.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.flotilla.privacy.math.Erfc;
import org.junit.jupiter.api.Test;

/**
 * The RDP to (ε, δ) conversion. Sources: TF Privacy {@code rdp_accountant_test.py}
 * (test_get_privacy_spent_check_target_delta / _check_target_eps / _gaussian) and dp_accounting
 * {@code rdp_privacy_accountant_test.py} (test_compute_epsilon_delta_pure_dp,
 * test_compute_epsilon_delta_gaussian, test_delta_bounds_gaussian, test_epsilon_delta_consistency).
 */
class RdpConversionTest {

    @Test
    void pureDpPicksTheLargestOrder() {
        // Prepare: orders 2..32 with a constant RDP of 1.1, i.e. pure DP.
        RdpOrders orders = new RdpOrders(IntStream.rangeClosed(2, 32).asDoubleStream().toArray());
        double[] rdp = new double[orders.size()];
        Arrays.fill(rdp, 1.1);

        // Execute
        PrivacySpent spent = RdpConversion.epsilon(orders, rdp, 1e-5, "rdp");
        PrivacySpent back = RdpConversion.delta(orders, rdp, 1.32783806176, "rdp");

        // Assert
        assertThat(spent.epsilon()).isCloseTo(1.32783806176, within(5e-11));
        assertThat(spent.order()).isEqualTo(32);
        assertThat(back.delta()).isCloseTo(1e-5, within(1e-12));
        assertThat(back.order()).isEqualTo(32);
    }

    @Test
    void gaussianCalibratedToExactlyOneAtOneInAMillion() {
        // Orders 1.000..99.999 in steps of 0.001; z = 4.530877117 gives exactly (1, 1e-6)-DP.
        RdpOrders orders = new RdpOrders(IntStream.range(1001, 100000).mapToDouble(i -> 0.001 * i).toArray());
        double[] rdp = SampledGaussianRdp.rdp(1, 4.530877117, orders);

        assertThat(RdpConversion.epsilon(orders, rdp, 1e-6, "rdp").epsilon()).isCloseTo(1, within(5e-8));
        assertThat(RdpConversion.delta(orders, rdp, 1, "rdp").delta()).isCloseTo(1e-6, within(5e-13));
    }

    @Test
    void boundsTheExactGaussianFromAboveAndTheClassicBoundFromBelow() {
        RdpOrders orders = new RdpOrders(IntStream.range(11, 505).mapToDouble(i -> 0.1 * i).toArray());
        double[] rdp = SampledGaussianRdp.rdp(1, 1, orders);
        for (int i = 0; i < 500; i++) {
            double eps = 0.1 * i;
            double delta = RdpConversion.delta(orders, rdp, eps, "rdp").delta();
            // Balle and Wang 2018 ("Improving the Gaussian Mechanism for Differential Privacy"), Theorem 8 of arXiv:1805.06530v2:
            // the exact δ(ε) of the Gaussian mechanism with sensitivity 1 and σ = 1.
            double exact = Erfc.erfc((eps - 0.5) / Math.sqrt(2)) / 2
                    - Math.exp(eps) * Erfc.erfc((eps + 0.5) / Math.sqrt(2)) / 2;
            assertThat(exact).as("eps=%s", eps).isLessThanOrEqualTo(delta + 1e-300);
            double classic = eps >= 0.5 ? Math.exp(-0.5 * (eps - 0.5) * (eps - 0.5)) : 1;
            assertThat(delta).as("eps=%s", eps).isLessThanOrEqualTo(classic + 1e-300);
        }
    }

    @Test
    void epsilonAndDeltaAreInverse() {
        RdpOrders orders = new RdpOrders(IntStream.range(2, 50).asDoubleStream().toArray());
        for (double q : new double[] {0.01, 0.1, 0.8, 1.0}) {
            for (double z : new double[] {0.1, 1.0, 10.0, 100.0}) {
                double[] rdp = SampledGaussianRdp.rdp(q, z, orders);
                for (double delta : new double[] {0.9, 0.1, 0.01, 1e-3, 1e-5, 1e-9, 1e-12}) {
                    PrivacySpent spent = RdpConversion.epsilon(orders, rdp, delta, "rdp");
                    double back = RdpConversion.delta(orders, rdp, spent.epsilon(), "rdp").delta();
                    if (spent.epsilon() == 0) {
                        assertThat(back).isLessThanOrEqualTo(delta);
                    } else {
                        assertThat(back).as("q=%s z=%s delta=%s", q, z, delta).isCloseTo(delta, within(delta * 1e-6));
                    }
                }
            }
        }
    }
}
