package org.flotilla.model.signing;

/**
 * What checking an artifact's signature found, as a value (never an exception): a device declines
 * with {@code UNTRUSTED_CODE} on anything but {@link Status#TRUSTED}.
 *
 * @param status what was found
 * @param keyId  the key the signature names, when a signature document could be read; else null
 * @param detail one sentence for logs and the round detail
 */
public record Verification(Status status, KeyId keyId, String detail) {

    /** The four outcomes. */
    public enum Status {
        /** Signed by a trusted key, over this artifact's SHA-256. */
        TRUSTED,
        /** No signature came with the artifact. */
        MISSING,
        /** A well-formed signature by a key this device does not trust. */
        UNTRUSTED_KEY,
        /**
         * A signature that does not hold: malformed, for another artifact (the artifact changed
         * after signing), or not valid under the trusted key it names.
         */
        BAD_SIGNATURE;

        /** Whether the artifact may be used. */
        public boolean isTrusted() {
            return this == TRUSTED;
        }
    }

    public Verification {
        if (status == null || detail == null) {
            throw new IllegalArgumentException("status and detail are required");
        }
    }

    /** Whether the artifact may be used. */
    public boolean isTrusted() {
        return status.isTrusted();
    }
}
