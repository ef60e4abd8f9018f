package org.flotilla.privacy.accounting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class PrivacyBudgetTest {

    @Test
    void stopsBeforeTheRoundThatWouldOverspend() {
        // Prepare
        PrivacyBudget budget = new PrivacyBudget(1.0, 1e-5);
        AccountingStep round = AccountingStep.of(0.05, 2.0);
        PrivacyAccountant accountant = RdpAccountant.create();

        // Execute: run rounds while the budget allows.
        int rounds = 0;
        PrivacyBudget.Decision decision;
        while ((decision = budget.check(accountant, round)).allowed()) {
            accountant = accountant.compose(round);
            rounds++;
        }

        // Assert
        assertThat(rounds).isPositive();
        assertThat(accountant.epsilon(1e-5).epsilon()).isLessThanOrEqualTo(1.0);
        assertThat(decision.after().epsilon()).isGreaterThan(1.0);
        assertThat(decision.reason()).contains("maxEpsilon 1").contains("next round");
        assertThat(accountant.rounds()).isEqualTo(rounds);
    }

    @Test
    void validatesItsSettings() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PrivacyBudget(0, 1e-5)).withMessageContaining("maxEpsilon");
        assertThatIllegalArgumentException().isThrownBy(() -> new PrivacyBudget(1, 1)).withMessageContaining("delta");
    }
}
