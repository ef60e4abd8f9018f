package org.flotilla.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShamirTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void theFieldModulusIsTheMersennePrime521() {
        assertThat(Shamir.PRIME.isProbablePrime(64)).isTrue();
        assertThat(Shamir.PRIME.bitLength()).isEqualTo(521);
    }

    @ParameterizedTest(name = "every {0}-subset of {1} shares reconstructs")
    @CsvSource({"1,1", "2,3", "3,5", "4,7", "5,9"})
    void everySubsetOfSizeTReconstructs(int t, int n) {
        // Prepare
        byte[] secret = randomSecret();
        List<Shamir.Share> shares = Shamir.split(secret, t, n, random);
        // Execute + Assert: every t-subset (in every order given by the bitmask walk)
        for (int mask = 0; mask < (1 << n); mask++) {
            if (Integer.bitCount(mask) != t) {
                continue;
            }
            List<Shamir.Share> subset = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) {
                    subset.add(shares.get(i));
                }
            }
            Collections.reverse(subset);
            assertThat(Shamir.reconstruct(subset, t)).hasValueSatisfying(s -> assertThat(s).isEqualTo(secret));
        }
    }

    @Test
    void randomSubsetsOfLargeSharingsReconstruct() {
        Random pick = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 10 + pick.nextInt(90);
            int t = 1 + pick.nextInt(n);
            byte[] secret = randomSecret();
            List<Shamir.Share> shares = new ArrayList<>(Shamir.split(secret, t, n, random));
            Collections.shuffle(shares, pick);
            assertThat(Shamir.reconstruct(shares.subList(0, t + pick.nextInt(n - t + 1)), t))
                    .hasValueSatisfying(s -> assertThat(s).isEqualTo(secret));
        }
    }

    @Test
    void sharesAtChosenCoordinatesReconstruct() {
        byte[] secret = randomSecret();
        int[] xs = {17, 3, 4000, 250, 9};
        List<Shamir.Share> shares = Shamir.split(secret, 3, xs, random);
        assertThat(shares).extracting(Shamir.Share::x).containsExactly(17, 3, 4000, 250, 9);
        assertThat(Shamir.reconstruct(List.of(shares.get(4), shares.get(2), shares.get(0)), 3))
                .hasValueSatisfying(s -> assertThat(s).isEqualTo(secret));
    }

    @Test
    void tMinusOneSharesAreRefusedAndRevealNothing() {
        // Prepare
        byte[] secret = randomSecret();
        List<Shamir.Share> shares = Shamir.split(secret, 5, 9, random);
        List<Shamir.Share> fewer = shares.subList(0, 4);
        // Execute + Assert: refused at threshold t ...
        assertThat(Shamir.reconstruct(fewer, 5)).isEmpty();
        // ... and interpolating them as if t - 1 sufficed does not give the secret
        assertThat(Shamir.reconstruct(fewer, 4)).satisfiesAnyOf(
                r -> assertThat(r).isEmpty(),
                r -> assertThat(r.get()).isNotEqualTo(secret));
    }

    @Test
    void tMinusOneSharesAreConsistentWithAnySecret() {
        // Prepare: t = 3; an observer holds two shares of `secret`
        byte[] secret = randomSecret();
        byte[] other = randomSecret();
        List<Shamir.Share> shares = Shamir.split(secret, 3, 5, random);
        Shamir.Share p1 = shares.get(0);
        Shamir.Share p2 = shares.get(1);
        // Execute: the degree-2 polynomial through (0, other), p1 and p2 exists; take its value at x = 3
        BigInteger[] xs = {BigInteger.ZERO, BigInteger.valueOf(p1.x()), BigInteger.valueOf(p2.x())};
        BigInteger[] ys = {new BigInteger(1, other), new BigInteger(1, p1.y()), new BigInteger(1, p2.y())};
        BigInteger y3 = lagrangeAt(BigInteger.valueOf(3), xs, ys);
        Shamir.Share forged = new Shamir.Share(3, toField(y3));
        // Assert: the same two shares complete to a valid sharing of a different secret
        assertThat(Shamir.reconstruct(List.of(p1, p2, forged), 3)).hasValueSatisfying(s -> assertThat(s).isEqualTo(other));
        assertThat(Shamir.reconstruct(List.of(p1, p2, shares.get(2)), 3)).hasValueSatisfying(s -> assertThat(s).isEqualTo(secret));
    }

    private static BigInteger lagrangeAt(BigInteger x, BigInteger[] xs, BigInteger[] ys) {
        BigInteger p = Shamir.PRIME;
        BigInteger acc = BigInteger.ZERO;
        for (int i = 0; i < xs.length; i++) {
            BigInteger term = ys[i];
            for (int j = 0; j < xs.length; j++) {
                if (i != j) {
                    term = term.multiply(x.subtract(xs[j])).multiply(xs[i].subtract(xs[j]).modInverse(p)).mod(p);
                }
            }
            acc = acc.add(term).mod(p);
        }
        return acc;
    }

    private static byte[] toField(BigInteger y) {
        byte[] raw = y.toByteArray();
        byte[] out = new byte[Shamir.SHARE_BYTES];
        int n = Math.min(raw.length, out.length);
        System.arraycopy(raw, raw.length - n, out, out.length - n, n);
        return out;
    }

    @Test
    void aCorruptedShareChangesTheResult() {
        byte[] secret = randomSecret();
        List<Shamir.Share> shares = new ArrayList<>(Shamir.split(secret, 3, 5, random));
        byte[] y = shares.get(1).y();
        y[65] ^= 1;
        shares.set(1, new Shamir.Share(shares.get(1).x(), y));
        assertThat(Shamir.reconstruct(shares.subList(0, 3), 3).orElse(new byte[32])).isNotEqualTo(secret);
    }

    @Test
    void duplicatedCoordinatesAndBadArgumentsAreRefused() {
        List<Shamir.Share> shares = Shamir.split(randomSecret(), 2, 3, random);
        assertThat(Shamir.reconstruct(List.of(shares.get(0), shares.get(0)), 2)).isEmpty();
        assertThatThrownBy(() -> Shamir.split(new byte[31], 2, 3, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.split(randomSecret(), 4, 3, random)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Shamir.split(randomSecret(), 2, new int[] {1, 1}, random))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(shares.get(0).toString()).doesNotContain(java.util.Arrays.toString(shares.get(0).y()));
    }

    private byte[] randomSecret() {
        byte[] s = new byte[32];
        random.nextBytes(s);
        return s;
    }
}
