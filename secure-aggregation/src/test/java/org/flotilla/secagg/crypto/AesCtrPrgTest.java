package org.flotilla.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The PRG is exactly the AES-256-CTR keystream (zero IV) read as little-endian 64-bit words,
 * whatever pieces it is drawn in: the masks are part of the protocol, so a faster expansion must
 * not change a single bit of them.
 */
class AesCtrPrgTest {

    @Test
    void theFirstWordIsTheKnownAes256EncryptionOfTheZeroBlockUnderTheZeroKey() {
        // FIPS-197-style known answer: AES-256(K = 0, P = 0) = dc95c078a2408989ad48a21492842087.
        AesCtrPrg prg = new AesCtrPrg(new byte[32]);
        long first = prg.nextLong();
        long second = prg.nextLong();
        byte[] block = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(first).putLong(second).array();
        assertThat(HexFormat.of().formatHex(block)).isEqualTo("dc95c078a2408989ad48a21492842087");
    }

    @Test
    void drawsInAnyPiecesAreTheKeystreamOfOneCipherCallOverZeros() throws Exception {
        // Prepare: a reference keystream of 20 chunks and a bit, in one call of the JDK's cipher
        byte[] key = new byte[32];
        new Random(3).nextBytes(key);
        int words = (20 * AesCtrPrg.CHUNK + 24) / 8;
        Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        ByteBuffer stream = ByteBuffer.wrap(cipher.doFinal(new byte[8 * words])).order(ByteOrder.LITTLE_ENDIAN);
        long mod = (1L << 37) - 1;
        // Execute: single words, vectors across chunk borders added and subtracted, single words again
        AesCtrPrg prg = new AesCtrPrg(key);
        Random sizes = new Random(5);
        int at = 0;
        while (at < words) {
            int n = Math.min(words - at, sizes.nextInt(3) == 0 ? 1 : 1 + sizes.nextInt(3 * AesCtrPrg.CHUNK / 8));
            if (n == 1) {
                // Assert
                assertThat(prg.nextLong()).as("word %d", at).isEqualTo(stream.getLong(8 * at));
            } else {
                int sign = sizes.nextBoolean() ? 1 : -1;
                long[] target = new long[n];
                for (int k = 0; k < n; k++) {
                    target[k] = sizes.nextLong() & mod;
                }
                long[] expected = target.clone();
                for (int k = 0; k < n; k++) {
                    expected[k] = (expected[k] + sign * stream.getLong(8 * (at + k))) & mod;
                }
                prg.addInto(target, mod, sign);
                assertThat(target).as("words %d..%d", at, at + n - 1).isEqualTo(expected);
            }
            at += n;
        }
    }
}
