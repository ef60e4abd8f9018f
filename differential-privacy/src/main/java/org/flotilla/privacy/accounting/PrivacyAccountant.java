package org.flotilla.privacy.accounting;

import java.util.List;

/**
 * Tracks the privacy loss of a sequence of sampled Gaussian rounds. Implementations are
 * immutable: {@link #compose} returns a new accountant, so a coordinator can ask "what if I ran
 * one more round" without committing to it, and can rebuild an accountant from the rounds it
 * stored ({@link #history()}).
 */
public interface PrivacyAccountant {

    /** A short name for records and JSON, e.g. {@code "rdp"}. */
    String name();

    /** This accountant after {@code step} as well. */
    PrivacyAccountant compose(AccountingStep step);

    /** The rounds composed so far, consecutive identical ones merged. */
    List<AccountingStep> history();

    /** The total number of rounds composed. */
    default long rounds() {
        return history().stream().mapToLong(AccountingStep::rounds).sum();
    }

    /** The smallest ε this accountant can prove for {@code delta} in (0, 1). */
    PrivacySpent epsilon(double delta);
}
