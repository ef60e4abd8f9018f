package org.flotilla.model.protocol;

/** The HTTP header names the protocol defines or relies on. */
public final class ProtocolHeaders {

    /** An update's {@code UpdateMetrics} as one line of JSON, sent with the upload. */
    public static final String METRICS = "Flotilla-Metrics";
    /** Seconds to wait before the next check-in, on an empty check-in answer (RFC 9110). */
    public static final String RETRY_AFTER = "Retry-After";

    private ProtocolHeaders() {
    }
}
