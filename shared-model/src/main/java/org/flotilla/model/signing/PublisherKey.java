package org.flotilla.model.signing;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.EdECKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.List;

/**
 * A publisher's Ed25519 public key, what devices trust: the JDK key object and its
 * {@link KeyId}. Read from and written to PEM as an X.509 SubjectPublicKeyInfo ({@code PUBLIC KEY}).
 */
public final class PublisherKey {

    /** The signature algorithm: Ed25519 (RFC 8032), the JDK's built-in provider. */
    public static final String ALGORITHM = "Ed25519";

    private final PublicKey key;
    private final KeyId id;

    private PublisherKey(PublicKey key) {
        this.key = key;
        this.id = KeyId.of(key);
    }

    /**
     * Wraps a JDK public key.
     *
     * @throws SigningException when it is not an Ed25519 key
     */
    public static PublisherKey of(PublicKey key) {
        requireEd25519(key);
        return new PublisherKey(key);
    }

    /** Decodes an X.509 SubjectPublicKeyInfo holding an Ed25519 key. */
    public static PublisherKey fromSubjectPublicKeyInfo(byte[] der, String source) {
        try {
            return of(KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der)));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new SigningException(source + ": not an Ed25519 public key (" + e.getMessage() + ")", e);
        }
    }

    /** Every {@code PUBLIC KEY} block of a PEM file (other blocks are an error). */
    public static List<PublisherKey> readPem(Path file) {
        return fromPem(Pem.readText(file), file.toString());
    }

    /** Every {@code PUBLIC KEY} block of PEM text (other blocks are an error). */
    public static List<PublisherKey> fromPem(String text, String source) {
        return Pem.decode(text, source).stream().map(b -> {
            if (!b.label().equals(Pem.PUBLIC_KEY)) {
                throw new SigningException(source + " holds a " + b.label() + " block; a trust file holds only "
                        + Pem.PUBLIC_KEY + " blocks" + (b.label().contains("PRIVATE") ? " (never give devices the private key)" : ""));
            }
            return fromSubjectPublicKeyInfo(b.der(), source);
        }).toList();
    }

    /** This key as one PEM block. */
    public String toPem() {
        return Pem.encode(Pem.PUBLIC_KEY, key.getEncoded());
    }

    /** The JDK key. */
    public PublicKey publicKey() {
        return key;
    }

    /** Its id. */
    public KeyId id() {
        return id;
    }

    static void requireEd25519(java.security.Key key) {
        if (!(key instanceof EdECKey ed) || !NamedParameterSpec.ED25519.getName().equalsIgnoreCase(ed.getParams().getName())) {
            throw new SigningException("not an Ed25519 key (algorithm " + key.getAlgorithm() + ")");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PublisherKey p && p.id.equals(id) && java.util.Arrays.equals(p.key.getEncoded(), key.getEncoded());
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Ed25519 publisher key " + id;
    }
}
