package org.flotilla.model.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;

import org.flotilla.model.codec.Sha256;

/**
 * A publisher's Ed25519 key pair, held by the operator offline (never by the coordinator). Its PEM
 * file holds the private key as PKCS#8 ({@code PRIVATE KEY}) followed by the public key
 * ({@code PUBLIC KEY}), because the JDK cannot derive an Ed25519 public key from a PKCS#8 private
 * key and the key id needs it; loading checks that the two belong together.
 */
public final class SigningKey {

    private final PrivateKey privateKey;
    private final PublisherKey publicKey;

    private SigningKey(PrivateKey privateKey, PublisherKey publicKey) {
        PublisherKey.requireEd25519(privateKey);
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /** A fresh key pair from the JDK's default {@code SecureRandom}. */
    public static SigningKey generate() {
        try {
            KeyPair pair = KeyPairGenerator.getInstance(PublisherKey.ALGORITHM).generateKeyPair();
            return new SigningKey(pair.getPrivate(), PublisherKey.of(pair.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no Ed25519 key generator", e);
        }
    }

    /** Reads a key file written by {@link #toPem()}. */
    public static SigningKey readPem(Path file) {
        return fromPem(Pem.readText(file), file.toString());
    }

    /**
     * Parses a private key file: one {@code PRIVATE KEY} (PKCS#8) and one {@code PUBLIC KEY} block of
     * the same Ed25519 key pair.
     */
    public static SigningKey fromPem(String text, String source) {
        List<Pem.Block> blocks = Pem.decode(text, source);
        List<Pem.Block> priv = blocks.stream().filter(b -> b.label().equals(Pem.PRIVATE_KEY)).toList();
        List<Pem.Block> pub = blocks.stream().filter(b -> b.label().equals(Pem.PUBLIC_KEY)).toList();
        if (priv.size() != 1 || pub.size() != 1 || blocks.size() != 2) {
            throw new SigningException(source + " is not a publisher key file: it needs one " + Pem.PRIVATE_KEY
                    + " and one " + Pem.PUBLIC_KEY + " block (as 'keygen' writes), it has " + blocks.size()
                    + " block(s)" + (priv.isEmpty() ? ", no private key (is this the public .pub file?)" : ""));
        }
        PrivateKey key;
        try {
            key = KeyFactory.getInstance(PublisherKey.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(priv.get(0).der()));
        } catch (GeneralSecurityException e) {
            throw new SigningException(source + ": not an Ed25519 private key (" + e.getMessage() + ")", e);
        }
        SigningKey signing = new SigningKey(key, PublisherKey.fromSubjectPublicKeyInfo(pub.get(0).der(), source));
        signing.checkPair(source);
        return signing;
    }

    /** The key file's text: PKCS#8 private key, then the public key. */
    public String toPem() {
        return Pem.encode(Pem.PRIVATE_KEY, privateKey.getEncoded()) + publicKey.toPem();
    }

    /** The public half, what devices are given. */
    public PublisherKey publisherKey() {
        return publicKey;
    }

    /** The key's id. */
    public KeyId id() {
        return publicKey.id();
    }

    /** Signs the artifact whose SHA-256 is {@code sha256Hex}. */
    public DetachedSignature sign(String sha256Hex) {
        return DetachedSignature.of(id(), sha256Hex, rawSign(DetachedSignature.signedMessage(sha256Hex)));
    }

    /** Hashes {@code file} (streaming) and signs its SHA-256. */
    public DetachedSignature sign(Path file) throws IOException {
        return sign(Sha256.of(file));
    }

    private byte[] rawSign(byte[] message) {
        try {
            Signature s = Signature.getInstance(PublisherKey.ALGORITHM);
            s.initSign(privateKey);
            s.update(message);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new SigningException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    /** Signs a probe and verifies it with the public block: a file with mismatched halves fails here. */
    private void checkPair(String source) {
        byte[] probe = ("Flotilla key pair check " + publicKey.id()).getBytes(StandardCharsets.US_ASCII);
        byte[] sig = rawSign(probe);
        try {
            Signature v = Signature.getInstance(PublisherKey.ALGORITHM);
            v.initVerify(publicKey.publicKey());
            v.update(probe);
            if (!v.verify(sig)) {
                throw new SigningException(source + ": its private and public keys do not belong together");
            }
        } catch (GeneralSecurityException e) {
            throw new SigningException(source + ": cannot check the key pair: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "Ed25519 signing key " + id();   // never the key material
    }
}
