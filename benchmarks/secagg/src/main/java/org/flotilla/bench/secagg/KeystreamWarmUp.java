package org.flotilla.bench.secagg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * How fast a fresh JVM expands one device's masks, round after round, when the AES-CTR keystream
 * is drawn {@code chunk} bytes per cipher call: per round 11 expansions of 199,211 64-bit words
 * (the rounding draws, the self-mask and 9 pairwise masks at 10 clients) added into a vector, the
 * loop of {@code AesCtrPrg.addInto}. The keystream is the same for every chunk size; only how soon
 * HotSpot compiles the JDK's CTR path with its AES-NI stub differs. Run each chunk size in its own
 * JVM (the runner does).
 *
 * <pre>java … KeystreamWarmUp CHUNK [ROUNDS]</pre>
 */
public final class KeystreamWarmUp {

    private KeystreamWarmUp() {
    }

    public static void main(String[] args) throws GeneralSecurityException {
        if (args.length < 1) {
            System.err.println("usage: KeystreamWarmUp CHUNK_BYTES [ROUNDS]");
            System.exit(2);
        }
        int chunk = Integer.parseInt(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        if (chunk < 8 || chunk % 8 != 0 || rounds < 1) {
            System.err.println("KeystreamWarmUp: CHUNK_BYTES must be a positive multiple of 8 and ROUNDS positive");
            System.exit(2);
        }
        int d = 199_211;
        long mod = (1L << 36) - 1;
        long[] v = new long[d];
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "chunk %6d B, ms per round:", chunk));
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            for (int p = 0; p < 11; p++) {
                byte[] key = new byte[32];
                key[0] = (byte) p;
                key[1] = (byte) r;
                Cipher cipher = Cipher.getInstance("AES/CTR/NoPadding");
                cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
                byte[] zeros = new byte[chunk];
                byte[] block = new byte[chunk];
                ByteBuffer view = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
                for (int i = 0; i < d; ) {
                    cipher.update(zeros, 0, chunk, block, 0);
                    int take = Math.min(d - i, chunk / 8);
                    for (int k = 0; k < take; k++) {
                        v[i + k] = (v[i + k] + view.getLong(8 * k)) & mod;
                    }
                    i += take;
                }
            }
            line.append(String.format(Locale.ROOT, " %.1f", (System.nanoTime() - t0) / 1e6));
        }
        long check = 0;
        for (long x : v) {
            check ^= x;
        }
        System.out.println(line + String.format(Locale.ROOT, "   (checksum %x)", check));
    }
}
