package org.flotilla.secagg.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Shamir t-of-n secret sharing (A. Shamir, "How to share a secret", CACM 22(11), 1979) of a
 * 32-byte secret over the prime field GF(p), p = 2^521 − 1 (a Mersenne prime, so every 256-bit
 * secret is a field element and one share per secret suffices). Any {@code t} shares give the
 * secret back by Lagrange interpolation at 0; {@code t − 1} shares are consistent with every
 * secret. Coefficients come from the caller's {@link SecureRandom}.
 */
public final class Shamir {

    /** The field's modulus, 2^521 − 1. */
    public static final BigInteger PRIME = BigInteger.ONE.shiftLeft(521).subtract(BigInteger.ONE);
    /** Length of a secret in bytes. */
    public static final int SECRET_BYTES = 32;
    /** Length of an encoded share value in bytes (a field element, big-endian). */
    public static final int SHARE_BYTES = 66;
    /** Most shares of one secret (x-coordinates 1..MAX_SHARES). */
    public static final int MAX_SHARES = 10_000;

    private static final BigInteger SECRET_LIMIT = BigInteger.ONE.shiftLeft(8 * SECRET_BYTES);

    private Shamir() {
    }

    /**
     * Splits {@code secret} into {@code count} shares with x-coordinates 1..count, any
     * {@code threshold} of which reconstruct it.
     */
    public static List<Share> split(byte[] secret, int threshold, int count, SecureRandom random) {
        int[] xs = new int[Math.max(0, Math.min(count, MAX_SHARES + 1))];
        for (int i = 0; i < xs.length; i++) {
            xs[i] = i + 1;
        }
        return split(secret, threshold, xs, random);
    }

    /**
     * Splits {@code secret} into one share per x-coordinate in {@code xs} (distinct, in
     * 1..{@value #MAX_SHARES}), any {@code threshold} of which reconstruct it.
     */
    public static List<Share> split(byte[] secret, int threshold, int[] xs, SecureRandom random) {
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("secret must be " + SECRET_BYTES + " bytes, was " + secret.length);
        }
        if (threshold < 1 || threshold > xs.length || xs.length > MAX_SHARES) {
            throw new IllegalArgumentException("need 1 <= threshold <= shares <= " + MAX_SHARES
                    + ", got threshold " + threshold + ", shares " + xs.length);
        }
        Set<Integer> distinct = new HashSet<>();
        for (int x : xs) {
            if (x < 1 || x > MAX_SHARES || !distinct.add(x)) {
                throw new IllegalArgumentException("x-coordinates must be distinct and in 1.." + MAX_SHARES);
            }
        }
        BigInteger[] coefficients = new BigInteger[threshold];
        coefficients[0] = new BigInteger(1, secret);
        for (int i = 1; i < threshold; i++) {
            coefficients[i] = randomElement(random);
        }
        List<Share> shares = new ArrayList<>(xs.length);
        for (int x : xs) {
            BigInteger bx = BigInteger.valueOf(x);
            BigInteger y = BigInteger.ZERO;
            for (int i = threshold - 1; i >= 0; i--) { // Horner
                y = y.multiply(bx).add(coefficients[i]).mod(PRIME);
            }
            shares.add(new Share(x, toBytes(y)));
        }
        Arrays.fill(coefficients, BigInteger.ZERO);
        return List.copyOf(shares);
    }

    /**
     * Reconstructs the secret from at least {@code threshold} shares with distinct
     * x-coordinates; the first {@code threshold} are used. Empty when there are too few shares,
     * duplicated x-coordinates, or the interpolated value is not a 32-byte secret (inconsistent
     * shares).
     */
    public static Optional<byte[]> reconstruct(List<Share> shares, int threshold) {
        if (threshold < 1 || shares.size() < threshold) {
            return Optional.empty();
        }
        List<Share> used = shares.subList(0, threshold);
        int[] xs = new int[threshold];
        for (int i = 0; i < threshold; i++) {
            xs[i] = used.get(i).x();
        }
        Optional<BigInteger[]> coefficients = lagrangeAtZero(xs);
        return coefficients.flatMap(c -> combine(used, c));
    }

    /**
     * The Lagrange coefficients λ_i = Π_{j≠i} x_j / (x_j − x_i) mod p that interpolate a
     * polynomial at 0 from its values at {@code xs}; empty when the x-coordinates repeat. They
     * depend only on the coordinates, so a caller reconstructing many secrets from the same
     * holders computes them once.
     */
    public static Optional<BigInteger[]> lagrangeAtZero(int[] xs) {
        Set<Integer> distinct = new HashSet<>();
        for (int x : xs) {
            if (!distinct.add(x)) {
                return Optional.empty();
            }
        }
        BigInteger[] out = new BigInteger[xs.length];
        for (int i = 0; i < xs.length; i++) {
            BigInteger xi = BigInteger.valueOf(xs[i]);
            BigInteger numerator = BigInteger.ONE;
            BigInteger denominator = BigInteger.ONE;
            for (int j = 0; j < xs.length; j++) {
                if (j != i) {
                    BigInteger xj = BigInteger.valueOf(xs[j]);
                    numerator = numerator.multiply(xj).mod(PRIME);
                    denominator = denominator.multiply(xj.subtract(xi)).mod(PRIME);
                }
            }
            out[i] = numerator.multiply(denominator.modInverse(PRIME)).mod(PRIME);
        }
        return Optional.of(out);
    }

    /**
     * Σ λ_i·y_i mod p over {@code shares} with the coefficients of their x-coordinates (from
     * {@link #lagrangeAtZero}, in the same order); empty when the result is not a 32-byte secret.
     */
    public static Optional<byte[]> combine(List<Share> shares, BigInteger[] coefficients) {
        if (shares.size() != coefficients.length) {
            throw new IllegalArgumentException("one coefficient per share");
        }
        BigInteger secret = BigInteger.ZERO;
        for (int i = 0; i < coefficients.length; i++) {
            secret = secret.add(new BigInteger(1, shares.get(i).y).multiply(coefficients[i]));
        }
        secret = secret.mod(PRIME);
        if (secret.compareTo(SECRET_LIMIT) >= 0) {
            return Optional.empty();
        }
        byte[] out = new byte[SECRET_BYTES];
        byte[] raw = secret.toByteArray();
        int n = Math.min(raw.length, SECRET_BYTES);
        System.arraycopy(raw, raw.length - n, out, SECRET_BYTES - n, n);
        return Optional.of(out);
    }

    private static BigInteger randomElement(SecureRandom random) {
        BigInteger r;
        do {
            r = new BigInteger(521, random);
        } while (r.compareTo(PRIME) >= 0);
        return r;
    }

    private static byte[] toBytes(BigInteger y) {
        byte[] raw = y.toByteArray();
        byte[] out = new byte[SHARE_BYTES];
        int n = Math.min(raw.length, SHARE_BYTES);
        System.arraycopy(raw, raw.length - n, out, SHARE_BYTES - n, n);
        return out;
    }

    /**
     * One share: the point (x, y) of the sharing polynomial, y a big-endian field element of
     * {@link #SHARE_BYTES} bytes.
     */
    public record Share(int x, byte[] y) {
        public Share {
            if (x < 1 || x > MAX_SHARES) {
                throw new IllegalArgumentException("share x must be in 1.." + MAX_SHARES + ", was " + x);
            }
            if (y.length != SHARE_BYTES || new BigInteger(1, y).compareTo(PRIME) >= 0) {
                throw new IllegalArgumentException("share y must be a field element of " + SHARE_BYTES + " bytes");
            }
            y = y.clone();
        }

        @Override
        public byte[] y() {
            return y.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Share s && s.x == x && Arrays.equals(s.y, y);
        }

        @Override
        public int hashCode() {
            return 31 * x + Arrays.hashCode(y);
        }

        @Override
        public String toString() {
            return "Share[x=" + x + ", y=<secret>]";
        }
    }
}
