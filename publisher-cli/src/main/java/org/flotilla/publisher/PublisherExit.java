package org.flotilla.publisher;

/** Exit codes of {@code flotilla-publisher}. */
public enum PublisherExit {
    /** Done (for {@code verify}: the signature is trusted). */
    OK(0),
    /** A bug; the message says so. */
    INTERNAL_ERROR(1),
    /** Bad command line or input file (unreadable, malformed, a key file that exists already). */
    BAD_INPUT(2),
    /** {@code verify}: the file has no signature. */
    MISSING_SIGNATURE(3),
    /** {@code verify}: signed by a key that is not among the trusted ones. */
    UNTRUSTED_KEY(4),
    /** {@code verify}: the signature does not hold (the file changed after signing, or it is forged). */
    BAD_SIGNATURE(5);

    private final int code;

    PublisherExit(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
