package org.flotilla.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ShareCipherTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void theReceiverOpensWhatTheSenderSealed() {
        // Prepare: both ends derive the cipher from their own half of the agreement
        X25519.KeyPair32 a = X25519.generate(random);
        X25519.KeyPair32 b = X25519.generate(random);
        ShareCipher atA = ShareCipher.forPair(X25519.agree(a.privateKey(), b.publicKey()).orElseThrow(), "r1");
        ShareCipher atB = ShareCipher.forPair(X25519.agree(b.privateKey(), a.publicKey()).orElseThrow(), "r1");
        byte[] plain = "shares of a and of b".getBytes();
        // Execute
        byte[] sealed = atA.encrypt(plain, "r1", "a", "b", random);
        // Assert
        assertThat(sealed).hasSize(ShareCipher.NONCE_BYTES + plain.length + ShareCipher.TAG_BYTES);
        assertThat(atB.decrypt(sealed, "r1", "a", "b")).hasValueSatisfying(p -> assertThat(p).isEqualTo(plain));
        assertThat(atA.encrypt(plain, "r1", "a", "b", random)).isNotEqualTo(sealed); // fresh nonce
    }

    @Test
    void everyFlippedBitIsDetected() {
        ShareCipher cipher = ShareCipher.forPair(new byte[32], "r1");
        byte[] sealed = cipher.encrypt(new byte[136], "r1", "a", "b", random);
        for (int i = 0; i < sealed.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] tampered = sealed.clone();
                tampered[i] ^= (byte) (1 << bit);
                assertThat(cipher.decrypt(tampered, "r1", "a", "b")).as("byte %d bit %d", i, bit).isEmpty();
            }
        }
        assertThat(cipher.decrypt(java.util.Arrays.copyOf(sealed, sealed.length - 1), "r1", "a", "b")).isEmpty();
    }

    @Test
    void theBindingToRoundSenderAndReceiverIsChecked() {
        ShareCipher cipher = ShareCipher.forPair(new byte[32], "r1");
        byte[] sealed = cipher.encrypt(new byte[136], "r1", "a", "b", random);
        assertThat(cipher.decrypt(sealed, "r1", "a", "b")).isPresent();
        assertThat(cipher.decrypt(sealed, "r2", "a", "b")).isEmpty();
        assertThat(cipher.decrypt(sealed, "r1", "c", "b")).isEmpty();
        assertThat(cipher.decrypt(sealed, "r1", "a", "c")).isEmpty();
        assertThat(cipher.decrypt(sealed, "r1", "b", "a")).isEmpty(); // reflected back to its sender
        // Field boundaries are length-prefixed: ("r1", "ab", "c") is not ("r1", "a", "bc").
        byte[] other = cipher.encrypt(new byte[136], "r1", "ab", "c", random);
        assertThat(cipher.decrypt(other, "r1", "a", "bc")).isEmpty();
        // A key derived for another round does not open it either.
        assertThat(ShareCipher.forPair(new byte[32], "r2").decrypt(sealed, "r1", "a", "b")).isEmpty();
    }
}
