package org.flotilla.secagg.crypto;

/**
 * The masks of Bonawitz et al. 2017: y_u = x_u + PRG(b_u) + Σ_{v&gt;u} PRG(s_{u,v})
 * − Σ_{v&lt;u} PRG(s_{u,v}) (mod 2^b), where s_{u,v} is the X25519 agreement of u's and v's mask
 * keys and b_u is u's self-mask seed. Each PRG is AES-256-CTR under an HKDF key bound to its
 * purpose and round. The pairwise terms cancel in the sum of u and v; the self-mask keeps y_u
 * hidden even when the server later reconstructs a late client's mask key.
 */
public final class Masks {

    private Masks() {
    }

    /**
     * +1 when {@code self} orders before {@code peer} (it adds the pair's mask), −1 otherwise
     * (it subtracts it); ids are compared as strings, the order every party uses.
     */
    public static int pairSign(String self, String peer) {
        int c = self.compareTo(peer);
        if (c == 0) {
            throw new IllegalArgumentException("a client has no pairwise mask with itself");
        }
        return c < 0 ? 1 : -1;
    }

    /** Adds {@code sign}·PRG(b) into {@code vector} modulo 2^b ({@code modMask} = 2^b − 1). */
    public static void addSelfMask(long[] vector, byte[] selfMaskSeed, String roundId, long modMask, int sign) {
        new AesCtrPrg(Hkdf.key(Hkdf.Purpose.SELF_MASK, selfMaskSeed, roundId)).addInto(vector, modMask, sign);
    }

    /** Adds {@code sign}·PRG(s_{u,v}) into {@code vector} modulo 2^b. */
    public static void addPairwiseMask(long[] vector, byte[] agreedSecret, String roundId, long modMask, int sign) {
        new AesCtrPrg(Hkdf.key(Hkdf.Purpose.PAIRWISE_MASK, agreedSecret, roundId)).addInto(vector, modMask, sign);
    }
}
