package org.flotilla.privacy.accounting.pld;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.flotilla.privacy.accounting.AccountingStep;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The PLD accountant: an upper bound (never below the exact value), above it by at most about
 * rounds × grid spacing, and tighter than RDP in the usual range.
 */
class PldAccountantTest {

    private static final double H = PldAccountant.DEFAULT_GRID_SPACING;

    /**
     * q = 1: T Gaussian rounds with multiplier σ are one Gaussian with μ = √T/σ, whose exact ε(δ)
     * follows from Balle and Wang 2018, Theorem 8 of arXiv:1805.06530v2. A coarser grid (1e-3) keeps these wide losses fast.
     */
    @ParameterizedTest
    @CsvSource({"1, 1", "2, 100", "5, 1000"})
    void gaussianCompositionIsBoundedTightlyFromAbove(double sigma, long rounds) {
        double exact = exactGaussianEpsilon(Math.sqrt(rounds) / sigma, 1e-6);

        double pld = PldAccountant.create(1e-3).compose(1, sigma, rounds).epsilon(1e-6).epsilon();

        assertThat(pld).isGreaterThanOrEqualTo(exact).isLessThanOrEqualTo(exact + rounds * 1e-3 + 1e-6);
        assertThat(pld).isLessThan(RdpAccountant.create().compose(1, sigma, rounds).epsilon(1e-6).epsilon());
    }

    /**
     * Opacus {@code opacus/tests/prv_accountant.py}: ε at δ = 1e-6 from Microsoft's PRV accountant
     * for (σ, q, steps), an upper bound computed with eps_error 0.01 (so the exact ε is at least the
     * value minus 0.02). Ours must lie between that and the value plus rounds × grid spacing, and
     * below RDP.
     */
    @ParameterizedTest
    @CsvSource({
        "0.8, 0.001, 100, 0.270403364058018680360362395731",
        "1.5, 0.05, 100, 1.95385313568420015961635272106",
        "3.0, 0.2, 100, 3.38122051022184422208738396876",
        "2.0, 0.001, 1000, 0.0712187825381152272985474382949",
        "1.5, 0.05, 1000, 6.20996924657726712126759593957"})
    void opacusPrvValues(double sigma, double q, long steps, double prv) {
        double pld = PldAccountant.create().compose(q, sigma, steps).epsilon(1e-6).epsilon();

        assertThat(pld).isGreaterThanOrEqualTo(prv - 0.02).isLessThanOrEqualTo(prv + steps * H);
        assertThat(pld).isLessThan(RdpAccountant.create().compose(q, sigma, steps).epsilon(1e-6).epsilon());
    }

    /**
     * Opacus {@code opacus/tests/accountants_test.py}, test_prv_accountant: σ = 1.5, q = 0.04,
     * int(90 // 0.04) = 2249 steps, δ = 1e-5 → 6.777395712150674 (RDP gives 7.33).
     */
    @Test
    void opacusPrvAccountant() {
        double pld = PldAccountant.create().compose(0.04, 1.5, 2249).epsilon(1e-5).epsilon();

        assertThat(pld).isGreaterThanOrEqualTo(6.777395712150674 - 0.02).isLessThanOrEqualTo(6.777395712150674 + 2249 * H);
    }

    @Test
    void heterogeneousRoundsComposeAndDeltaInvertsEpsilon() {
        // Prepare
        PldAccountant accountant = PldAccountant.create().compose(0.02, 1.0, 200).compose(0.05, 1.5, 100);

        // Execute
        double eps = accountant.epsilon(1e-5).epsilon();
        double delta = accountant.delta(eps).delta();

        // Assert
        assertThat(eps).isGreaterThan(PldAccountant.create().compose(0.02, 1.0, 200).epsilon(1e-5).epsilon())
                .isGreaterThan(PldAccountant.create().compose(0.05, 1.5, 100).epsilon(1e-5).epsilon())
                .isLessThan(RdpAccountant.create().compose(0.02, 1.0, 200).compose(0.05, 1.5, 100).epsilon(1e-5).epsilon());
        assertThat(delta).isCloseTo(1e-5, within(1e-8));
        assertThat(accountant.history()).containsExactly(new AccountingStep(0.02, 1.0, 200), new AccountingStep(0.05, 1.5, 100));
        assertThat(accountant.epsilon(1e-5).accountant()).isEqualTo("pld");
    }

    @Test
    void epsilonGrowsWithRoundsAndSamplingRateAndFallsWithNoise() {
        double byRounds = 0;
        for (long rounds : new long[] {10, 100, 400}) {
            double eps = PldAccountant.create().compose(0.02, 1.0, rounds).epsilon(1e-5).epsilon();
            assertThat(eps).isGreaterThan(byRounds);
            byRounds = eps;
        }
        double byRate = 0;
        for (double q : new double[] {0.005, 0.02, 0.08}) {
            double eps = PldAccountant.create().compose(q, 1.0, 100).epsilon(1e-5).epsilon();
            assertThat(eps).isGreaterThan(byRate);
            byRate = eps;
        }
        double byNoise = Double.POSITIVE_INFINITY;
        for (double z : new double[] {0.7, 1.0, 2.0}) {
            double eps = PldAccountant.create().compose(0.02, z, 100).epsilon(1e-5).epsilon();
            assertThat(eps).isLessThan(byNoise);
            byNoise = eps;
        }
    }

    @Test
    void nothingSpentAndLimits() {
        assertThat(PldAccountant.create().epsilon(1e-5).epsilon()).isZero();
        assertThat(PldAccountant.create().compose(0, 1, 10).epsilon(1e-5).epsilon()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> PldAccountant.create().compose(0.1, 1, PldAccountant.MAX_ROUNDS + 1))
                .withMessageContaining("at most 100000 rounds");
        assertThatIllegalArgumentException().isThrownBy(() -> PldAccountant.create(1)).withMessageContaining("gridSpacing");
    }

    private static double exactGaussianEpsilon(double mu, double delta) {
        double lo = 0;
        double hi = 1000;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (PrivacyLossDistributionTest.gaussianDelta(mu, mid) <= delta) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return hi;
    }
}
