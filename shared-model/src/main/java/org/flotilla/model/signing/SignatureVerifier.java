package org.flotilla.model.signing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Optional;

import org.flotilla.model.codec.Sha256;

import static org.flotilla.model.signing.Verification.Status.BAD_SIGNATURE;
import static org.flotilla.model.signing.Verification.Status.MISSING;
import static org.flotilla.model.signing.Verification.Status.TRUSTED;
import static org.flotilla.model.signing.Verification.Status.UNTRUSTED_KEY;

/**
 * Checks detached signatures against a set of trusted publisher keys and answers with a
 * {@link Verification} value. The order of checks: a document must parse; its key must be trusted
 * (else {@code UNTRUSTED_KEY}, whatever else is wrong); it must be for this artifact's SHA-256 and
 * verify under that key (else {@code BAD_SIGNATURE}).
 */
public final class SignatureVerifier {

    private final TrustedKeys trusted;

    public SignatureVerifier(TrustedKeys trusted) {
        this.trusted = trusted;
    }

    /**
     * Verifies a signature document for the artifact whose SHA-256 is {@code sha256Hex}.
     *
     * @param signatureJson the {@code .sig} document, empty when none came with the artifact
     */
    public Verification verify(String sha256Hex, Optional<byte[]> signatureJson) {
        if (signatureJson.isEmpty()) {
            return new Verification(MISSING, null, "no signature came with artifact " + sha256Hex);
        }
        DetachedSignature sig;
        try {
            sig = DetachedSignature.parse(signatureJson.get());
        } catch (SigningException e) {
            return new Verification(BAD_SIGNATURE, null, "unreadable signature: " + e.getMessage());
        }
        KeyId id = sig.publisher();
        Optional<PublisherKey> key = trusted.find(id);
        if (key.isEmpty()) {
            return new Verification(UNTRUSTED_KEY, id, "signed by key " + id + ", which this device does not trust"
                    + " (trusted: " + (trusted.size() == 0 ? "none" : trusted.ids()) + ")");
        }
        if (!sig.sha256().equals(sha256Hex)) {
            return new Verification(BAD_SIGNATURE, id, "the signature is for artifact " + sig.sha256()
                    + ", not " + sha256Hex + " (the file was changed after it was signed)");
        }
        try {
            Signature v = Signature.getInstance(PublisherKey.ALGORITHM);
            v.initVerify(key.get().publicKey());
            v.update(DetachedSignature.signedMessage(sha256Hex));
            if (!v.verify(sig.signatureBytes())) {
                return new Verification(BAD_SIGNATURE, id, "the signature does not verify under trusted key " + id);
            }
        } catch (GeneralSecurityException e) {
            return new Verification(BAD_SIGNATURE, id, "the signature does not verify under trusted key " + id
                    + " (" + e.getMessage() + ")");
        }
        return new Verification(TRUSTED, id, "signed by trusted key " + id);
    }

    /**
     * Hashes {@code artifact} and verifies the signature file next to it, {@code artifact + ".sig"}
     * unless {@code signatureFile} names another.
     *
     * @throws IOException when the artifact cannot be read (a missing signature file is {@code MISSING})
     */
    public Verification verify(Path artifact, Path signatureFile) throws IOException {
        String sha = Sha256.of(artifact);
        Path sigPath = signatureFile != null ? signatureFile
                : artifact.resolveSibling(artifact.getFileName() + DetachedSignature.SUFFIX);
        byte[] doc;
        try (InputStream in = Files.newInputStream(sigPath)) {
            doc = in.readNBytes(DetachedSignature.MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            return new Verification(MISSING, null, "no signature file " + sigPath);
        }
        return verify(sha, Optional.of(doc));
    }
}
