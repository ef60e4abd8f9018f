package org.flotilla.coordinator.bundle;

import java.util.Optional;

import org.flotilla.coordinator.system.Invalid;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.model.signing.SignatureVerifier;
import org.flotilla.model.signing.SigningException;
import org.flotilla.model.signing.TrustedKeys;
import org.flotilla.model.signing.Verification;
import org.springframework.stereotype.Component;

/**
 * The coordinator's check of publisher signatures at job creation, for bundles and plans alike:
 * the signature must verify under one of {@code flotilla.bundles.publisher-keys}. An early,
 * friendly refusal (400 naming the field and why); the check that protects devices is their own,
 * against their own keys. The coordinator never signs.
 */
@Component
public class PublisherSignatures {

    private final Optional<TrustedKeys> publishers;

    PublisherSignatures(BundleProperties properties) {
        try {
            this.publishers = Optional.ofNullable(properties.publisherKeys()).map(TrustedKeys::load);
        } catch (SigningException e) {
            throw new IllegalStateException("flotilla.bundles.publisher-keys: " + e.getMessage(), e);
        }
    }

    /**
     * Requires {@code document} to be a signature of artifact {@code sha256} by a configured
     * publisher key.
     *
     * @param field what the request calls the signed thing, for the problem's {@code field}
     * @param what  the signed thing in words ("bundle …", "the plan")
     * @throws Invalid naming {@code field} when no key is configured, or the signature is not trusted
     */
    public void requireTrusted(String field, String what, String sha256, byte[] document) {
        if (publishers.isEmpty()) {
            throw Invalid.field(field, "flotilla.bundles.publisher-keys set", "this coordinator trusts no publisher key "
                    + "(flotilla.bundles.publisher-keys), so it accepts no signed bundle or plan");
        }
        Verification v = new SignatureVerifier(publishers.get()).verify(sha256, Optional.of(document));
        if (!v.isTrusted()) {
            throw new Invalid("untrusted-signature", field, "signed by a key in flotilla.bundles.publisher-keys",
                    what + ": " + v.detail());
        }
    }

    /**
     * A signature document given inline in a request, checked for its form only.
     *
     * @throws Invalid naming {@code field} with the document's problem
     */
    public static DetachedSignature parse(String field, DetachedSignatureFields d) {
        try {
            return new DetachedSignature(d.format(), d.version() == null ? 0 : d.version(), d.algorithm(), d.keyId(),
                    d.sha256(), d.signature());
        } catch (SigningException e) {
            throw Invalid.field(field, "a flotilla-signature document (the .sig of ./flotilla sign)", e.getMessage());
        }
    }

    /** The members of a signature document as a request carries them (docs/code-bundles.md, "Signing"). */
    public interface DetachedSignatureFields {
        String format();

        Integer version();

        String algorithm();

        String keyId();

        String sha256();

        String signature();
    }
}
