package org.flotilla.secagg.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class X25519Test {

    private final SecureRandom random = new SecureRandom();

    @Test
    void agreementIsSymmetric() {
        X25519.KeyPair32 a = X25519.generate(random);
        X25519.KeyPair32 b = X25519.generate(random);
        byte[] ab = X25519.agree(a.privateKey(), b.publicKey()).orElseThrow();
        byte[] ba = X25519.agree(b.privateKey(), a.publicKey()).orElseThrow();
        assertThat(ab).hasSize(32).isEqualTo(ba);
        X25519.KeyPair32 c = X25519.generate(random);
        assertThat(X25519.agree(a.privateKey(), c.publicKey()).orElseThrow()).isNotEqualTo(ab);
    }

    @Test
    void thePublicKeyFollowsFromThePrivateKey() {
        X25519.KeyPair32 a = X25519.generate(random);
        assertThat(X25519.publicKeyOf(a.privateKey())).isEqualTo(a.publicKey());
    }

    @Test
    void rfc7748TestVectorAgrees() {
        // RFC 7748 §6.1: Alice's private key, Bob's public key, the shared secret.
        var hex = java.util.HexFormat.of();
        var alice = new X25519.PrivateKey32(hex.parseHex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"));
        var bob = new X25519.PublicKey32(hex.parseHex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"));
        assertThat(hex.formatHex(X25519.agree(alice, bob).orElseThrow()))
                .isEqualTo("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
        assertThat(hex.formatHex(X25519.publicKeyOf(alice).bytes()))
                .isEqualTo("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
    }

    @Test
    void smallOrderPeerKeysAreRefused() {
        X25519.KeyPair32 a = X25519.generate(random);
        assertThat(X25519.agree(a.privateKey(), new X25519.PublicKey32(new byte[32]))).isEmpty();
        byte[] one = new byte[32];
        one[0] = 1;
        assertThat(X25519.agree(a.privateKey(), new X25519.PublicKey32(one))).isEmpty();
    }

    @Test
    void privateKeysDoNotPrint() {
        assertThat(X25519.generate(random).privateKey().toString()).contains("<secret>");
    }
}
