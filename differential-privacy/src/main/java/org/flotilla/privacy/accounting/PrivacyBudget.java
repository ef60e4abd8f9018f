package org.flotilla.privacy.accounting;

import java.util.Locale;

/**
 * A job's privacy budget: it may spend at most {@code maxEpsilon} at {@code delta}. The
 * coordinator asks {@link #check} before opening a round and stops the job cleanly, with the
 * reason, when the round would overspend; a round is never half-run for lack of budget.
 *
 * @param maxEpsilon the most ε the job may reach, finite and above 0
 * @param delta      δ, in (0, 1); 1/N or below for N clients is the usual choice
 */
public record PrivacyBudget(double maxEpsilon, double delta) {

    public PrivacyBudget {
        if (!(maxEpsilon > 0) || Double.isInfinite(maxEpsilon)) {
            throw new IllegalArgumentException("maxEpsilon must be finite and above 0, was " + maxEpsilon);
        }
        if (!(delta > 0 && delta < 1)) {
            throw new IllegalArgumentException("delta must be in (0, 1), was " + delta);
        }
    }

    /** Whether one more {@code next} fits after what {@code spent} has composed. */
    public Decision check(PrivacyAccountant spent, AccountingStep next) {
        PrivacySpent after = spent.compose(next).epsilon(delta);
        if (after.epsilon() <= maxEpsilon) {
            return new Decision(true, after, "within budget");
        }
        PrivacySpent now = spent.epsilon(delta);
        return new Decision(false, after, String.format(Locale.ROOT,
                "privacy budget: the next round would raise epsilon from %.4g to %.4g, above maxEpsilon %.4g"
                        + " (delta %.3g)", now.epsilon(), after.epsilon(), maxEpsilon, delta));
    }

    /**
     * The answer of {@link #check}.
     *
     * @param allowed whether the round may run
     * @param after   the guarantee if it runs
     * @param reason  why not, in a sentence an operator can read (or "within budget")
     */
    public record Decision(boolean allowed, PrivacySpent after, String reason) {
    }
}
