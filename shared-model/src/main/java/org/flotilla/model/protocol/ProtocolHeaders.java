package org.flotilla.model.protocol;

/** The HTTP header names the protocol defines or relies on. */
public final class ProtocolHeaders {

    /** An update's {@code UpdateMetrics} as one line of JSON, sent with the upload. */
    public static final String METRICS = "Flotilla-Metrics";
    /**
     * Seconds to wait before the next check-in, on an empty check-in answer, and before repeating
     * a call answered 429 or 503 (RFC 9110).
     */
    public static final String RETRY_AFTER = "Retry-After";
    /**
     * The SHA-256 of the whole upload body, 64 lowercase hex digits, optional with an update. The
     * coordinator refuses a body that does not match it ({@code BAD_CHECKSUM}), and answers a
     * repeat of an accepted update from it and the {@code Content-Length} alone, without reading
     * the body.
     */
    public static final String CONTENT_SHA256 = "Flotilla-Sha256";

    private ProtocolHeaders() {
    }
}
