package org.flotilla.coordinator.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.flotilla.coordinator.job.DifferentialPrivacy;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.PrivacyFigures;
import org.flotilla.coordinator.job.PrivacyPolicies;
import org.flotilla.privacy.Accountants;
import org.flotilla.privacy.accounting.AccountingStep;
import org.flotilla.privacy.accounting.PrivacyAccountant;
import org.flotilla.privacy.accounting.PrivacyBudget;
import org.flotilla.privacy.accounting.PrivacySpent;
import org.springframework.stereotype.Component;

/**
 * A job's accountant, rebuilt from its ledger (so a restarted coordinator, or another replica,
 * continues exactly the accounting of the one before), and the decision whether one more round
 * attempt fits its {@code maxEpsilon}. Every attempt is accounted — a retried round is a new
 * Poisson sample — at the step of {@link PrivacyPolicies#stepOf}. The last answer per job is kept
 * for as long as the ledger has not grown, since the job runner asks again at every sweep.
 */
@Component
class Accounting {

    private final PrivacyLedger ledger;
    private final Map<Long, Next> cache = new ConcurrentHashMap<>();

    Accounting(PrivacyLedger ledger) {
        this.ledger = ledger;
    }

    /**
     * What one more attempt would bring the job to.
     *
     * @param after  the guarantee after it, if allowed
     * @param rounds the attempts accounted with it
     * @param stop   why it may not run (the budget, or the accountant's limits), or null
     */
    record Next(PrivacySpent after, long rounds, String stop) {
    }

    /** The next attempt's guarantee, or why there must be none. */
    Next next(Job job) {
        DifferentialPrivacy dp = job.differentialPrivacy();
        List<PrivacyFigures> entries = ledger.ofJob(job.id());
        Next cached = cache.get(job.id());
        if (cached != null && cached.rounds() == entries.size() + 1) {
            return cached;
        }
        Next next = compute(dp, entries);
        cache.put(job.id(), next);
        return next;
    }

    private static Next compute(DifferentialPrivacy dp, List<PrivacyFigures> entries) {
        long rounds = entries.size() + 1L;
        AccountingStep step = PrivacyPolicies.stepOf(dp);
        PrivacyAccountant spent;
        try {
            spent = Accountants.of(dp.accountant(), merged(entries));
            if (dp.maxEpsilon() != null) {
                PrivacyBudget.Decision d = new PrivacyBudget(dp.maxEpsilon(), dp.delta()).check(spent, step);
                return new Next(d.after(), rounds, d.allowed() ? null : d.reason() + " after " + entries.size()
                        + " accounted round attempt(s)");
            }
            PrivacySpent after = spent.compose(step).epsilon(dp.delta());
            return new Next(after, rounds, after.isBounded() ? null
                    : "privacy budget: the next round would have no finite epsilon");
        } catch (IllegalArgumentException accountantLimit) {
            // E.g. the PLD accountant composes at most 100,000 rounds: stop rather than account wrongly.
            return new Next(null, rounds, "privacy accounting: " + accountantLimit.getMessage());
        }
    }

    /** The ledger's steps, consecutive identical ones merged (one accountant step per distinct mechanism). */
    private static List<AccountingStep> merged(List<PrivacyFigures> entries) {
        List<AccountingStep> steps = new ArrayList<>();
        for (PrivacyFigures f : entries) {
            // Each entry at its own q and z, so a ledger stays right if the settings ever vary by round.
            steps = AccountingStep.appendMerged(steps, PrivacyPolicies.stepOf(f.mode(), f.samplingRate(),
                    f.noiseMultiplier()));
        }
        return steps;
    }
}
