package org.flotilla.secagg.server;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The running sum of the masked inputs modulo 2^b: each input is added on arrival and only its
 * SHA-256 is kept (to tell a harmless repeat from a conflicting second input), so memory stays
 * one vector whatever the number of clients, and no individual vector outlives its request.
 */
final class MaskedSum {

    private final long[] sum;
    private final long modMask;
    private final Map<String, byte[]> digests = new TreeMap<>();

    MaskedSum(int elements, long modMask) {
        this.sum = new long[elements];
        this.modMask = modMask;
    }

    int elements() {
        return sum.length;
    }

    Acceptance add(String clientId, long[] vector) {
        byte[] digest = digest(vector);
        byte[] known = digests.get(clientId);
        if (known != null) {
            return MessageDigest.isEqual(known, digest) ? Acceptance.REPEATED
                    : Acceptance.rejected("a different masked input was already accepted");
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] = (sum[i] + vector[i]) & modMask;
        }
        digests.put(clientId, digest);
        return Acceptance.ACCEPTED;
    }

    /** The clients whose input is in the sum (U3). */
    Set<String> contributors() {
        return Set.copyOf(digests.keySet());
    }

    /** The sum itself, handed over to unmasking (which works on it in place). */
    long[] vector() {
        return sum;
    }

    private static byte[] digest(long[] v) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            ByteBuffer buf = ByteBuffer.allocate(8 * 4096);
            for (int i = 0; i < v.length; ) {
                buf.clear();
                int end = Math.min(v.length, i + 4096);
                for (; i < end; i++) {
                    buf.putLong(v[i]);
                }
                sha.update(buf.array(), 0, buf.position());
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is a required JDK algorithm", e);
        }
    }
}
