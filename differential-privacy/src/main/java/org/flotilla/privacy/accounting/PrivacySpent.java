package org.flotilla.privacy.accounting;

/**
 * An (ε, δ) guarantee and the Rényi order it came from: the mechanism so far is
 * (ε, δ)-differentially private. ε is {@code +∞} when no order gives a finite bound.
 *
 * @param epsilon    ε, at least 0
 * @param delta      δ, in [0, 1]
 * @param order      the Rényi order α at which the conversion was tightest (NaN when none was)
 * @param accountant the accountant's short name, e.g. {@code "rdp"}
 */
public record PrivacySpent(double epsilon, double delta, double order, String accountant) {

    public PrivacySpent {
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be at least 0, was " + epsilon);
        }
        if (!(delta >= 0 && delta <= 1)) {
            throw new IllegalArgumentException("delta must be in [0, 1], was " + delta);
        }
        if (accountant == null || accountant.isBlank()) {
            throw new IllegalArgumentException("accountant must be named");
        }
    }

    /** Whether ε is finite. */
    public boolean isBounded() {
        return !Double.isInfinite(epsilon);
    }
}
