package org.flotilla.privacy;

import java.util.List;

import org.flotilla.privacy.accounting.AccountingStep;
import org.flotilla.privacy.accounting.PrivacyAccountant;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.flotilla.privacy.accounting.pld.PldAccountant;

/**
 * The accountants by name, for callers that let an operator choose one: {@code rdp}
 * ({@link RdpAccountant}) and {@code pld} ({@link PldAccountant}). A program that keeps a history
 * of rounds (a coordinator) rebuilds its accountant from it with {@link #of}.
 */
public final class Accountants {

    /** The names accepted, the default first. */
    public static final List<String> NAMES = List.of(RdpAccountant.NAME, PldAccountant.NAME);

    private Accountants() {
    }

    /** An accountant with nothing spent. */
    public static PrivacyAccountant empty(String name) {
        if (RdpAccountant.NAME.equals(name)) {
            return RdpAccountant.create();
        }
        if (PldAccountant.NAME.equals(name)) {
            return PldAccountant.create();
        }
        throw new IllegalArgumentException("accountant must be one of " + NAMES + ", was " + name);
    }

    /** The accountant named {@code name} after {@code steps}, in order. */
    public static PrivacyAccountant of(String name, List<AccountingStep> steps) {
        PrivacyAccountant accountant = empty(name);
        for (AccountingStep step : steps) {
            accountant = accountant.compose(step);
        }
        return accountant;
    }
}
