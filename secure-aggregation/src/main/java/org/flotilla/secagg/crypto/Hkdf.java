package org.flotilla.secagg.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * HKDF with SHA-256 (Krawczyk and Eronen, RFC 5869) from Bouncy Castle, and the key
 * derivations of the protocol. Every derived key is bound to its purpose (the {@code info}
 * label) and to the round (the salt is SHA-256 of the round id), so a key agreed for one
 * purpose or round never serves another.
 */
public final class Hkdf {

    /** Purpose labels; the version prefix lets a future format change them all at once. */
    public enum Purpose {
        /** The AES-GCM key that encrypts shares between two clients. */
        SHARE_ENCRYPTION("flotilla/secagg/v1/share-encryption"),
        /** The AES-CTR key that expands a pairwise mask. */
        PAIRWISE_MASK("flotilla/secagg/v1/pairwise-mask"),
        /** The AES-CTR key that expands a client's self-mask. */
        SELF_MASK("flotilla/secagg/v1/self-mask"),
        /** The AES-CTR key that draws the random labelling of the neighbourhood graph. */
        GRAPH("flotilla/secagg/v1/graph"),
        /** The AES-CTR key that draws a client's stochastic-rounding randomness. */
        ROUNDING("flotilla/secagg/v1/rounding");

        private final byte[] info;

        Purpose(String label) {
            this.info = label.getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Hkdf() {
    }

    /** HKDF-SHA-256(ikm, salt, info) → {@code length} bytes. */
    public static byte[] derive(byte[] ikm, byte[] salt, byte[] info, int length) {
        HKDFBytesGenerator generator = new HKDFBytesGenerator(new SHA256Digest());
        generator.init(new HKDFParameters(ikm, salt, info));
        byte[] out = new byte[length];
        generator.generateBytes(out, 0, length);
        return out;
    }

    /** A 32-byte key for {@code purpose} in round {@code roundId} from input keying material. */
    public static byte[] key(Purpose purpose, byte[] ikm, String roundId) {
        return derive(ikm, roundSalt(roundId), purpose.info, 32);
    }

    static byte[] roundSalt(String roundId) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update("flotilla/secagg/v1/round:".getBytes(StandardCharsets.US_ASCII));
            return sha.digest(roundId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
