package org.flotilla.secagg.crypto;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.XECPrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPrivateKeySpec;
import java.security.spec.XECPublicKeySpec;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.KeyAgreement;

/**
 * X25519 Diffie–Hellman (RFC 7748) through the JDK's {@code KeyPairGenerator("X25519")} and
 * {@code KeyAgreement("XDH")}. Keys travel as their raw 32-byte RFC 7748 encodings (the
 * little-endian u-coordinate and scalar), which is also what Shamir shares of a private key
 * carry.
 */
public final class X25519 {

    /** Length of a raw public or private key. */
    public static final int KEY_BYTES = 32;

    private X25519() {
    }

    /** A fresh key pair. */
    public static KeyPair32 generate(SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("X25519");
            generator.initialize(NamedParameterSpec.X25519, random);
            KeyPair pair = generator.generateKeyPair();
            byte[] scalar = ((XECPrivateKey) pair.getPrivate()).getScalar()
                    .orElseThrow(() -> new IllegalStateException("X25519 private key without a scalar"));
            byte[] u = encodeU(((XECPublicKey) pair.getPublic()).getU());
            return new KeyPair32(new PublicKey32(u), new PrivateKey32(scalar));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("X25519 is a required JDK algorithm", e);
        }
    }

    /** The public key of a private key (used to check a reconstructed private key). */
    public static PublicKey32 publicKeyOf(PrivateKey32 privateKey) {
        // X25519(k, 9): agreement with the base point's u-coordinate.
        byte[] base = new byte[KEY_BYTES];
        base[0] = 9;
        return new PublicKey32(agree(privateKey, new PublicKey32(base))
                .orElseThrow(() -> new IllegalStateException("base point agreement failed")));
    }

    /**
     * The shared secret X25519(private, public); empty when the peer's key is of small order
     * (the JDK refuses an all-zero result), so a hostile peer cannot force a known secret.
     */
    public static Optional<byte[]> agree(PrivateKey32 privateKey, PublicKey32 publicKey) {
        try {
            KeyFactory factory = KeyFactory.getInstance("XDH");
            var priv = factory.generatePrivate(new XECPrivateKeySpec(NamedParameterSpec.X25519, privateKey.bytes));
            var pub = factory.generatePublic(new XECPublicKeySpec(NamedParameterSpec.X25519, decodeU(publicKey.bytes)));
            KeyAgreement agreement = KeyAgreement.getInstance("XDH");
            agreement.init(priv);
            agreement.doPhase(pub, true);
            byte[] secret = agreement.generateSecret();
            if (isZero(secret)) {
                return Optional.empty();
            }
            return Optional.of(secret);
        } catch (GeneralSecurityException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    private static boolean isZero(byte[] b) {
        int acc = 0;
        for (byte x : b) {
            acc |= x;
        }
        return acc == 0;
    }

    private static BigInteger decodeU(byte[] littleEndian) {
        byte[] be = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES; i++) {
            be[i] = littleEndian[KEY_BYTES - 1 - i];
        }
        be[0] &= 0x7f; // RFC 7748 §5: the most significant bit is masked
        return new BigInteger(1, be);
    }

    private static byte[] encodeU(BigInteger u) {
        byte[] raw = u.toByteArray();
        byte[] out = new byte[KEY_BYTES];
        for (int i = 0; i < KEY_BYTES && i < raw.length; i++) {
            out[i] = raw[raw.length - 1 - i];
        }
        return out;
    }

    private static byte[] checked(byte[] b, String what) {
        if (b == null || b.length != KEY_BYTES) {
            throw new IllegalArgumentException(what + " must be " + KEY_BYTES + " bytes");
        }
        return b.clone();
    }

    /** A raw X25519 public key. */
    public record PublicKey32(byte[] bytes) {
        public PublicKey32 {
            bytes = checked(bytes, "X25519 public key");
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PublicKey32 k && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "PublicKey32[" + java.util.HexFormat.of().formatHex(bytes, 0, 4) + "…]";
        }
    }

    /** A raw X25519 private scalar: secret, never logged. */
    public record PrivateKey32(byte[] bytes) {
        public PrivateKey32 {
            bytes = checked(bytes, "X25519 private key");
        }

        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof PrivateKey32 k && Arrays.equals(k.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "PrivateKey32[<secret>]";
        }
    }

    /** A key pair. */
    public record KeyPair32(PublicKey32 publicKey, PrivateKey32 privateKey) {
    }
}
