package org.flotilla.secagg.crypto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A cryptographic pseudo-random generator: the AES-256-CTR keystream (the JDK's
 * {@code AES/CTR/NoPadding} over zero bytes, a PRG under the PRF assumption on AES, as in
 * NIST SP 800-90A's CTR_DRBG core). Every key is single-use, derived by {@link Hkdf} for one
 * purpose in one round, so the fixed zero counter block never repeats under a key.
 *
 * <p>Masks are expanded 64 bits per element and reduced modulo 2^b by keeping the low
 * {@code b} bits, which is uniform on [0, 2^b) because 2^b divides 2^64.
 */
public final class AesCtrPrg {

    /**
     * Keystream bytes per call of the cipher. The output does not depend on it (CTR continues its
     * counter across calls), but the time does: HotSpot replaces the JDK's CTR loop by its AES-NI
     * stub only once the cipher's update path is compiled by C2, which counts calls. With 64 KB per
     * call a device's masking (17.5 MB of keystream per round with 9 neighbours) made too few calls
     * to get there in a job's six rounds (40–58 ms per round in a fresh JVM); with 2 KB it takes
     * 12–13 ms from the second round on and 5–7 ms once the stub is in (benchmarks/RESULTS.md,
     * "Secure-aggregation client work per phase"). Larger chunks are cheaper once compiled but get
     * there rounds later.
     */
    static final int CHUNK = 2 * 1024;

    private final Cipher cipher;
    private final byte[] zeros = new byte[CHUNK];
    private final byte[] block = new byte[CHUNK];
    private final ByteBuffer view = ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN);
    private int position = CHUNK;

    /** A generator keyed by a 32-byte key. */
    public AesCtrPrg(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("AES-256 key must be 32 bytes");
        }
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR is a required JDK algorithm", e);
        }
    }

    /** The next 64 uniformly random bits. */
    public long nextLong() {
        if (position == CHUNK) {
            refill();
        }
        long v = view.getLong(position);
        position += 8;
        return v;
    }

    /** A uniform integer in [0, bound), by rejection (no modulo bias). */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive");
        }
        long limit = (1L << 32) - ((1L << 32) % bound);
        long r;
        do {
            r = nextLong() >>> 32;
        } while (r >= limit);
        return (int) (r % bound);
    }

    /** A uniform double in [0, 1) with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Adds ({@code sign} = +1) or subtracts ({@code sign} = −1) the next {@code target.length}
     * outputs into {@code target}, modulo 2^b where {@code modMask} = 2^b − 1.
     */
    public void addInto(long[] target, long modMask, int sign) {
        if (sign != 1 && sign != -1) {
            throw new IllegalArgumentException("sign must be +1 or -1");
        }
        int i = 0;
        int n = target.length;
        while (i < n) {
            if (position == CHUNK) {
                refill();
            }
            int take = Math.min(n - i, (CHUNK - position) / 8);
            if (sign > 0) {
                for (int k = 0; k < take; k++, position += 8) {
                    target[i + k] = (target[i + k] + view.getLong(position)) & modMask;
                }
            } else {
                for (int k = 0; k < take; k++, position += 8) {
                    target[i + k] = (target[i + k] - view.getLong(position)) & modMask;
                }
            }
            i += take;
        }
    }

    private void refill() {
        try {
            cipher.update(zeros, 0, CHUNK, block, 0);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-CTR keystream failed", e);
        }
        position = 0;
    }
}
