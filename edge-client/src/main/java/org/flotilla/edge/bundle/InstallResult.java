package org.flotilla.edge.bundle;

import org.flotilla.model.signing.Verification;

/** What installing a bundle gave: a runnable {@link VerifiedBundle}, or a refusal with its reason. */
public sealed interface InstallResult {

    /** Verified and stored. */
    record Installed(VerifiedBundle bundle) implements InstallResult {
    }

    /**
     * Refused.
     *
     * @param failure      why ({@link BundleFailure.Kind#UNTRUSTED}: the device declines with {@code UNTRUSTED_CODE})
     * @param verification what the signature check found, or null when it was not reached
     */
    record Refused(BundleFailure failure, Verification verification) implements InstallResult {
    }
}
