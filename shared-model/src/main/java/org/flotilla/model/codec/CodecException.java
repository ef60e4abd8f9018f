package org.flotilla.model.codec;

/**
 * Encoded weights or an update could not be decoded. The message says exactly what is wrong
 * (which field, the expected and actual values) so that it can be returned to a client or
 * logged as it is; {@link #reason()} is a stable code for metrics and HTTP answers.
 */
public final class CodecException extends RuntimeException {

    /** Stable reasons a decoding fails. */
    public enum Reason {
        BAD_MAGIC, UNSUPPORTED_VERSION, UNSUPPORTED_DTYPE, UNSUPPORTED_CODEC, BAD_LENGTH,
        BAD_CHECKSUM, NON_FINITE, WRONG_ELEMENT_COUNT, IO
    }

    private final Reason reason;

    public CodecException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public CodecException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
