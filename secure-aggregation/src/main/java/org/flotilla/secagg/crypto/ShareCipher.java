package org.flotilla.secagg.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Authenticated encryption of the shares one client sends another through the server
 * (Bonawitz et al. 2017, round 1: the shares are sealed with AE under the agreed key c_{u,v}): AES-256-GCM from the JDK with a
 * random 96-bit nonce, under a key HKDF derives from the two clients' X25519 agreement. The
 * associated data binds the round, the sender and the receiver, so the server can neither alter
 * a share, nor replay it to another client, nor carry it into another round, without the
 * receiver noticing.
 */
public final class ShareCipher {

    /** Nonce length in bytes (NIST SP 800-38D's recommended 96 bits). */
    public static final int NONCE_BYTES = 12;
    /** Authentication tag length in bytes. */
    public static final int TAG_BYTES = 16;

    private final SecretKeySpec key;

    private ShareCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The cipher for a pair of clients from their agreed secret, bound to the round. */
    public static ShareCipher forPair(byte[] agreedSecret, String roundId) {
        return new ShareCipher(Hkdf.key(Hkdf.Purpose.SHARE_ENCRYPTION, agreedSecret, roundId));
    }

    /** Encrypts {@code plaintext}: nonce ‖ ciphertext ‖ tag. */
    public byte[] encrypt(byte[] plaintext, String roundId, String sender, String receiver, SecureRandom random) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(8 * TAG_BYTES, nonce));
            cipher.updateAAD(associatedData(roundId, sender, receiver));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return out;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is a required JDK algorithm", e);
        }
    }

    /** Decrypts and authenticates; empty when the ciphertext or its binding was tampered with. */
    public Optional<byte[]> decrypt(byte[] message, String roundId, String sender, String receiver) {
        if (message.length < NONCE_BYTES + TAG_BYTES) {
            return Optional.empty();
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(8 * TAG_BYTES, message, 0, NONCE_BYTES));
            cipher.updateAAD(associatedData(roundId, sender, receiver));
            return Optional.of(cipher.doFinal(message, NONCE_BYTES, message.length - NONCE_BYTES));
        } catch (AEADBadTagException e) {
            return Optional.empty();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is a required JDK algorithm", e);
        }
    }

    private static byte[] associatedData(String roundId, String sender, String receiver) {
        // Length-prefixed fields, so no two different triples share an encoding.
        StringBuilder sb = new StringBuilder("flotilla/secagg/v1/share");
        for (String field : new String[] {roundId, sender, receiver}) {
            sb.append('|').append(field.length()).append(':').append(field);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
