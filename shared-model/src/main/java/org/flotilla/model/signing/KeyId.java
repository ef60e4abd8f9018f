package org.flotilla.model.signing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A publisher key's short name: the first 8 bytes of the SHA-256 of its X.509
 * SubjectPublicKeyInfo encoding, as 16 lowercase hex digits (as minisign and OpenPGP's long ids
 * do). It only tells a verifier which trusted key to try: a signature is trusted because it
 * verifies under a trusted key, never because its id matches one.
 *
 * @param hex 16 lowercase hex digits
 */
public record KeyId(String hex) {

    /** Bytes of the digest kept in an id. */
    public static final int BYTES = 8;

    private static final Pattern FORMAT = Pattern.compile("[0-9a-f]{16}");

    /** Validates the format. */
    public KeyId {
        if (hex == null || !FORMAT.matcher(hex).matches()) {
            throw new SigningException("a key id is 16 lowercase hex digits, was '" + abbreviate(hex) + "'");
        }
    }

    /** The id of {@code key}. */
    public static KeyId of(PublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return new KeyId(HexFormat.of().formatHex(digest, 0, BYTES));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return hex;
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
