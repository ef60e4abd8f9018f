package org.flotilla.model.signing;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

import org.flotilla.model.codec.Sha256;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A detached signature, stored next to the artifact as {@code FILE.sig} and relayed by the
 * coordinator with it:
 *
 * <pre>{"format":"flotilla-signature","version":1,"algorithm":"Ed25519","keyId":"…16 hex…",
 *  "sha256":"…64 hex…","signature":"…base64 of 64 bytes…"}</pre>
 *
 * <p>What is signed is {@link #signedMessage}: a fixed ASCII prefix followed by the 32 bytes of the
 * artifact's SHA-256, not the artifact's bytes. Why: artifacts are named and checked by SHA-256
 * everywhere in Flotilla (the coordinator's content-addressed store, assignments, the device's
 * cache), so the signature binds exactly the name that travels, and a device can check it against
 * an assignment's hash before downloading anything; and Ed25519 (RFC 8032) is a two-pass scheme,
 * so the JDK buffers the whole message in memory when it signs bytes, while a digest streams in
 * constant memory. Signing a digest is what minisign's prehashed mode and Sigstore do. The price is
 * that security also rests on SHA-256's collision resistance (128-bit), which the content-addressed
 * store relies on already. The prefix separates this use of a publisher key from any other message
 * the key might ever sign.
 *
 * @param format    always {@value #FORMAT}
 * @param version   always {@value #VERSION}
 * @param algorithm always {@value PublisherKey#ALGORITHM}
 * @param keyId     the signing key's {@link KeyId}
 * @param sha256    the signed artifact's SHA-256, lowercase hex
 * @param signature the Ed25519 signature of {@link #signedMessage}, base64 (64 bytes)
 */
public record DetachedSignature(String format, int version, String algorithm, String keyId, String sha256,
                                String signature) {

    /** Value of {@code format}. */
    public static final String FORMAT = "flotilla-signature";
    /** Value of {@code version}. */
    public static final int VERSION = 1;
    /** File name suffix of a detached signature: {@code bundle.jar} → {@code bundle.jar.sig}. */
    public static final String SUFFIX = ".sig";
    /** Largest signature document read. */
    public static final int MAX_BYTES = 4096;
    /** Bytes of an Ed25519 signature. */
    public static final int SIGNATURE_BYTES = 64;

    private static final byte[] DOMAIN = "Flotilla artifact signature v1\n".getBytes(StandardCharsets.US_ASCII);

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .build();

    /**
     * Validates every field's form (not the signature itself: that is {@link SignatureVerifier}'s job).
     *
     * @throws SigningException naming the field that is wrong
     */
    public DetachedSignature {
        if (!FORMAT.equals(format)) {
            throw new SigningException("signature format must be '" + FORMAT + "', was '" + KeyId.abbreviate(format) + "'");
        }
        if (version != VERSION) {
            throw new SigningException("signature version " + version + " is not supported; this build reads version " + VERSION);
        }
        if (!PublisherKey.ALGORITHM.equals(algorithm)) {
            throw new SigningException("signature algorithm must be " + PublisherKey.ALGORITHM + ", was '"
                    + KeyId.abbreviate(algorithm) + "'");
        }
        new KeyId(keyId);
        if (!Sha256.isValid(sha256)) {
            throw new SigningException("signature sha256 must be 64 lowercase hex digits, was '" + KeyId.abbreviate(sha256) + "'");
        }
        signatureBytes(signature);
    }

    /** A signature document for {@code sha256}, signed by {@code key}. */
    static DetachedSignature of(KeyId key, String sha256, byte[] signature) {
        return new DetachedSignature(FORMAT, VERSION, PublisherKey.ALGORITHM, key.hex(), sha256,
                Base64.getEncoder().encodeToString(signature));
    }

    /** The bytes an Ed25519 signature covers for the artifact whose SHA-256 is {@code sha256Hex}. */
    public static byte[] signedMessage(String sha256Hex) {
        if (!Sha256.isValid(sha256Hex)) {
            throw new SigningException("not a SHA-256: '" + KeyId.abbreviate(sha256Hex) + "'");
        }
        byte[] digest = HexFormat.of().parseHex(sha256Hex);
        byte[] message = new byte[DOMAIN.length + digest.length];
        System.arraycopy(DOMAIN, 0, message, 0, DOMAIN.length);
        System.arraycopy(digest, 0, message, DOMAIN.length, digest.length);
        return message;
    }

    /** The signing key's id. */
    public KeyId publisher() {
        return new KeyId(keyId);
    }

    /** The raw 64 signature bytes. */
    public byte[] signatureBytes() {
        return signatureBytes(signature);
    }

    /** This document as JSON (UTF-8, indented, ending with a newline). */
    public byte[] toJson() {
        return (JSON.writeValueAsString(this) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a signature document.
     *
     * @throws SigningException when it is larger than {@link #MAX_BYTES}, not JSON of this shape, or a
     *     field is malformed
     */
    public static DetachedSignature parse(byte[] json) {
        if (json.length > MAX_BYTES) {
            throw new SigningException("signature document is " + json.length + " bytes, more than " + MAX_BYTES);
        }
        try {
            return JSON.readValue(json, DetachedSignature.class);
        } catch (JacksonException e) {
            Throwable cause = e.getCause();
            if (cause instanceof SigningException s) {
                throw s;
            }
            throw new SigningException("not a Flotilla signature document: " + e.getOriginalMessage());
        }
    }

    private static byte[] signatureBytes(String base64) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(base64 == null ? "" : base64);
        } catch (IllegalArgumentException e) {
            throw new SigningException("signature value is not base64");
        }
        if (bytes.length != SIGNATURE_BYTES) {
            throw new SigningException("signature value has " + bytes.length + " bytes, an Ed25519 signature has "
                    + SIGNATURE_BYTES);
        }
        return bytes;
    }
}
