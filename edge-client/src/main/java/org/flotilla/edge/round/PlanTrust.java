package org.flotilla.edge.round;

import java.util.Optional;

import org.flotilla.model.codec.Sha256;
import org.flotilla.model.signing.SignatureVerifier;
import org.flotilla.model.signing.TrustedKeys;
import org.flotilla.model.signing.Verification;
import org.flotilla.model.wire.Assignment;

/**
 * {@code require-signed-plans}: whether this device uses a training plan only with a publisher
 * signature (docs/code-bundles.md, "Signed plans"). The coordinator relays the signature document
 * the job was created with; the device checks it against its own trusted keys for the plan's
 * SHA-256 before the plan is downloaded — and the download is checked against that hash — so a
 * coordinator cannot make it build a network its publishers did not sign.
 */
final class PlanTrust {

    private final boolean required;
    private final PublisherTrust trust;

    PlanTrust(boolean required, PublisherTrust trust) {
        this.required = required;
        this.trust = trust;
    }

    boolean required() {
        return required;
    }

    /**
     * Why the plan of {@code a} may not be used before its signature is even fetched, or empty
     * when {@link #verdict} should be asked with the signature document.
     */
    Optional<String> precheck(Assignment a) {
        if (trust.keys() == null) {
            return Optional.of("this device requires signed plans (require-signed-plans) but " + trust.problem());
        }
        if (a.planSignatureSha256() == null) {
            return Optional.of("plan " + abbreviate(a.planSha256()) + " comes without a publisher signature, and this "
                    + "device requires signed plans (require-signed-plans)");
        }
        if (!Sha256.isValid(a.planSignatureSha256()) || !Sha256.isValid(a.planSha256())) {
            return Optional.of("the assignment names the plan or its signature by a malformed hash");
        }
        return Optional.empty();
    }

    /** Why the signature document does not make the plan of {@code a} trusted, or empty when it does. */
    Optional<String> verdict(Assignment a, byte[] signature) {
        TrustedKeys keys = trust.keys();
        Verification v = new SignatureVerifier(keys).verify(a.planSha256(), Optional.of(signature));
        return v.isTrusted() ? Optional.empty()
                : Optional.of("plan " + abbreviate(a.planSha256()) + ": " + v.status() + ": " + v.detail());
    }

    private static String abbreviate(String sha) {
        return sha == null ? "null" : sha.length() > 12 ? sha.substring(0, 12) + "…" : sha;
    }
}
