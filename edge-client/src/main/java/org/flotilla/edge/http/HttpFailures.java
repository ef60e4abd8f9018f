package org.flotilla.edge.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.SSLHandshakeException;

import org.flotilla.model.json.WireJson;
import org.flotilla.model.protocol.ProtocolHeaders;

/** Classifies HTTP answers and transport errors into the client's exception types. */
final class HttpFailures {

    private static final int MAX_DETAIL = 300;

    private HttpFailures() {
    }

    /** The exception for a non-2xx answer to {@code what}. */
    static CoordinatorException fromStatus(String what, HttpResponse<byte[]> response) {
        int status = response.statusCode();
        String message = what + ": HTTP " + status + detail(response.body());
        if (status == 401) {
            return new UnauthorizedException(message);
        }
        if (status == 408 || status == 429 || status >= 500) {
            return new RetriableException(message, status, retryAfter(response).orElse(null), null);
        }
        if (status == 409) {
            return new ConflictException(message);
        }
        return new FatalException(message, status);
    }

    /**
     * The exception for a request that got no answer: {@link UntrustedCertificateException} when
     * the TLS handshake refused the coordinator's certificate, else retriable.
     */
    static CoordinatorException fromTransport(String what, String target, Throwable error) {
        UntrustedCertificateException untrusted = untrusted(target, error);
        if (untrusted != null) {
            return untrusted;
        }
        String why;
        if (error instanceof HttpConnectTimeoutException) {
            why = "connecting timed out";
        } else if (error instanceof HttpTimeoutException) {
            why = "no answer in time";
        } else if (error instanceof ConnectException) {
            why = "connection refused or network unreachable";
        } else if (error instanceof IOException) {
            why = error.getMessage() == null ? error.getClass().getSimpleName() : error.getMessage();
        } else {
            why = String.valueOf(error);
        }
        return new RetriableException(what + ": cannot reach the coordinator at " + target + " (" + why + ")",
                0, null, error);
    }

    /**
     * A handshake that failed on the certificate (no trusted issuer, not valid for the host,
     * expired), or null. The JDK reports these as an {@link SSLHandshakeException} caused by a
     * {@link CertPathBuilderException} / {@link CertPathValidatorException} (trust, validity) or
     * a {@link CertificateException} (host name).
     */
    private static UntrustedCertificateException untrusted(String target, Throwable error) {
        boolean handshake = false;
        boolean outOfValidity = false;
        Throwable certificate = null;
        for (Throwable c = error; c != null && c.getCause() != c; c = c.getCause()) {
            handshake |= c instanceof SSLHandshakeException;
            outOfValidity |= c instanceof CertificateExpiredException || c instanceof CertificateNotYetValidException;
            if (c instanceof CertPathBuilderException || c instanceof CertPathValidatorException
                    || c instanceof CertificateException) {
                certificate = c;   // the deepest one says it shortest
            }
        }
        if (!handshake || certificate == null) {
            return null;
        }
        URI uri = URI.create(target);
        String host = uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
        String detail = String.valueOf(certificate.getMessage());
        UntrustedCertificateException.Problem problem = outOfValidity
                ? UntrustedCertificateException.Problem.OUT_OF_VALIDITY
                : detail.contains("subject alternative") || detail.contains("No name matching")
                ? UntrustedCertificateException.Problem.WRONG_HOST : UntrustedCertificateException.Problem.NOT_TRUSTED;
        String what = switch (problem) {
            case NOT_TRUSTED -> "that is not trusted";
            case WRONG_HOST -> "that is not issued for " + uri.getHost();
            case OUT_OF_VALIDITY -> "outside its validity period";
        };
        return new UntrustedCertificateException("the coordinator at " + host + " presented a TLS certificate " + what
                + " (" + firstLine(detail) + ")", host, problem, error);
    }

    private static String firstLine(String s) {
        String line = s.lines().findFirst().orElse("").strip();
        return line.length() > MAX_DETAIL ? line.substring(0, MAX_DETAIL) + "…" : line;
    }

    /** {@code Retry-After} as delta-seconds or an HTTP date. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue(ProtocolHeaders.RETRY_AFTER).flatMap(HttpFailures::parseRetryAfter);
    }

    static Optional<Duration> parseRetryAfter(String value) {
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(Instant.now(), at);
                return Optional.of(d.isNegative() ? Duration.ZERO : d);
            } catch (RuntimeException notADate) {
                return Optional.empty();
            }
        }
    }

    /** ": detail" from a problem+json body, or "" when there is none. */
    private static String detail(byte[] body) {
        if (body == null || body.length == 0) {
            return "";
        }
        String text = new String(body, StandardCharsets.UTF_8).strip();
        String detail = text;
        if (text.startsWith("{")) {
            try {
                Map<?, ?> problem = WireJson.read(text, Map.class);
                Object d = problem.get("detail") != null ? problem.get("detail") : problem.get("title");
                detail = d == null ? "" : d.toString();
            } catch (RuntimeException notJson) {
                detail = text;
            }
        }
        detail = detail.replaceAll("\\s+", " ");
        if (detail.length() > MAX_DETAIL) {
            detail = detail.substring(0, MAX_DETAIL) + "…";
        }
        return detail.isEmpty() ? "" : " (" + detail + ")";
    }
}
