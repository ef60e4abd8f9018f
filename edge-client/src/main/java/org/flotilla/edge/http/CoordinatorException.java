package org.flotilla.edge.http;

/**
 * A call to the coordinator failed. The concrete type says what to do: retry
 * ({@link RetriableException}), or not ({@link FatalException}), or fix the device's TLS trust
 * ({@link UntrustedCertificateException}); the message is one line for the log, naming the call
 * and what the coordinator said.
 */
public abstract sealed class CoordinatorException extends RuntimeException
        permits RetriableException, FatalException, UntrustedCertificateException {

    private final int status;

    protected CoordinatorException(String message, int status, Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status, or 0 when no answer arrived (connection refused, timeout). */
    public int status() {
        return status;
    }
}
