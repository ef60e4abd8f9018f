package org.flotilla.edge.http;

/**
 * The TLS handshake failed because of the coordinator's certificate: no trusted CA issued it, it
 * is not valid for the host in the URL, or it has expired. Neither a retry nor another request
 * can help, and nothing was sent: the device's configuration (its trusted CAs, the URL) or the
 * coordinator's certificate must change. Not a {@link FatalException}, so that no per-request
 * handling (dropping a pending update, declining a round) mistakes it for the coordinator's answer.
 */
public final class UntrustedCertificateException extends CoordinatorException {

    /** What was wrong with the certificate. */
    public enum Problem {
        /** No trust anchor of the client issued it (directly or through its chain). */
        NOT_TRUSTED,
        /** It is not issued for the host named in the coordinator URL. */
        WRONG_HOST,
        /** It has expired, or is not valid yet. */
        OUT_OF_VALIDITY
    }

    private final String host;
    private final Problem problem;

    public UntrustedCertificateException(String message, String host, Problem problem, Throwable cause) {
        super(message, 0, cause);
        this.host = host;
        this.problem = problem;
    }

    /** What was wrong with the certificate. */
    public Problem problem() {
        return problem;
    }

    /** {@code host:port} of the coordinator URL whose certificate was refused. */
    public String host() {
        return host;
    }
}
