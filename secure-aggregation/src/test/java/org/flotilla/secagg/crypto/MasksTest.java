package org.flotilla.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MasksTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void pairwiseMasksCancelInTheSum() {
        // Prepare: 7 clients, each masks a zero vector with its masks towards all others
        int n = 7;
        int d = 10_000;
        long mod = (1L << 37) - 1;
        List<X25519.KeyPair32> keys = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            keys.add(X25519.generate(random));
        }
        long[] sum = new long[d];
        long[] single = null;
        // Execute
        for (int i = 0; i < n; i++) {
            long[] v = new long[d];
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    byte[] s = X25519.agree(keys.get(i).privateKey(), keys.get(j).publicKey()).orElseThrow();
                    Masks.addPairwiseMask(v, s, "r", mod, Masks.pairSign("c" + i, "c" + j));
                }
            }
            if (single == null) {
                single = v.clone();
            }
            for (int k = 0; k < d; k++) {
                sum[k] = (sum[k] + v[k]) & mod;
            }
        }
        // Assert: the sum is zero; one client's masks are not
        assertThat(sum).containsOnly(0L);
        assertThat(java.util.Arrays.stream(single).filter(x -> x == 0).count()).isLessThan(3);
    }

    @Test
    void aSelfMaskIsRemovedByItsNegation() {
        long mod = (1L << 20) - 1;
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        long[] v = {1, 2, 3, 4, 5};
        Masks.addSelfMask(v, seed, "r", mod, 1);
        assertThat(v).isNotEqualTo(new long[] {1, 2, 3, 4, 5});
        Masks.addSelfMask(v, seed, "r", mod, -1);
        assertThat(v).containsExactly(1, 2, 3, 4, 5);
    }

    @Test
    void masksAreUniformModuloTwoToTheB() {
        // Each of the b bits of a mask element is 1 half of the time (chi-square-free check:
        // within 5 standard deviations over 200,000 draws), and elements stay below 2^b.
        int b = 39;
        long mod = (1L << b) - 1;
        long[] v = new long[200_000];
        Masks.addSelfMask(v, new byte[32], "r", mod, 1);
        for (int bit = 0; bit < b; bit++) {
            final int k = bit;
            long ones = java.util.Arrays.stream(v).filter(x -> ((x >>> k) & 1) == 1).count();
            assertThat(Math.abs(ones - 100_000)).as("bit %d", bit).isLessThan(5 * 224);
        }
        assertThat(java.util.Arrays.stream(v).allMatch(x -> x >= 0 && x <= mod)).isTrue();
    }

    @Test
    void pairSignIsAntisymmetric() {
        assertThat(Masks.pairSign("a", "b")).isEqualTo(1);
        assertThat(Masks.pairSign("b", "a")).isEqualTo(-1);
    }
}
