package org.flotilla.coordinator.system;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.flotilla.model.protocol.RefusalReason;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Limits at the door, before authentication and before a byte of the body is read: a request
 * path longer than {@code flotilla.limits.max-uri-length} is answered 414; a body whose
 * {@code Content-Length} is over its limit 413 at once, and one without a declared length (or
 * longer than declared) is cut off with 413 as soon as it passes the limit. The limit is
 * {@code flotilla.limits.job-body} for job creation and {@code flotilla.limits.json-body} for
 * every other call; uploads of updates are bounded by {@code flotilla.upload.max-bytes} and code
 * bundle jars by {@code flotilla.bundles.max-bytes} where they are streamed, secure-aggregation
 * messages by their round's sizes where they are read. Both answers are problem+json naming the limit; the connection is then closed, so
 * the rest of a large body is not read.
 */
final class RequestLimits extends OncePerRequestFilter {

    private final LimitProperties limits;
    private final FlotillaMetrics metrics;

    RequestLimits(LimitProperties limits, FlotillaMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String query = request.getQueryString();
        int uriLength = request.getRequestURI().length() + (query == null ? 0 : query.length() + 1);
        if (uriLength > limits.maxUriLength()) {
            metrics.requestRefused("uri_too_long");
            response.setHeader(HttpHeaders.CONNECTION, "close");
            ProblemResponses.write(request, response, HttpStatus.URI_TOO_LONG, "uri-too-long", "the request path and query are "
                    + uriLength + " characters, more than the limit of " + limits.maxUriLength(),
                    Map.of("field", "uri", "limit", "at most " + limits.maxUriLength() + " characters"));
            return;
        }
        if (isUpload(request)) {
            chain.doFilter(request, response); // streamed to a file and bounded there (upload or bundle max-bytes)
            return;
        }
        long limit = isJobCreation(request) ? limits.jobBody().toBytes() : limits.jsonBody().toBytes();
        long declared = request.getContentLengthLong();
        if (declared > limit) {
            metrics.requestRefused("too_large");
            response.setHeader(HttpHeaders.CONNECTION, "close");
            ProblemResponses.write(request, response, HttpStatus.CONTENT_TOO_LARGE, RefusalReason.TOO_LARGE.slug(),
                    "the request body is " + declared + " bytes, more than the limit of " + limit + " for this call",
                    Map.of("field", "body", "limit", "at most " + limit + " bytes", "reason", RefusalReason.TOO_LARGE.name()));
            return;
        }
        chain.doFilter(new Bounded(request, limit), response);
    }

    private static boolean isUpload(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "PUT".equals(request.getMethod()) && uri.contains("/updates/")
                || uri.contains("/secagg/") // each phase's message bounded by its round's sizes (SecureAnswers)
                || "POST".equals(request.getMethod()) && (uri.equals("/api/v1/bundles") || uri.equals("/api/v1/bundles/"));
    }

    private static boolean isJobCreation(HttpServletRequest request) {
        String uri = request.getRequestURI();
        return "POST".equals(request.getMethod()) && (uri.equals("/api/v1/jobs") || uri.equals("/api/v1/jobs/")
                || uri.equals("/api/v1/plans")); // the same request body, to see the plan it makes
    }

    /** The request with a body that stops at the limit. */
    private static final class Bounded extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Bounded(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }

        @Override
        public java.io.BufferedReader getReader() throws IOException {
            String encoding = getCharacterEncoding() == null ? "UTF-8" : getCharacterEncoding();
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), encoding));
        }
    }

    /** Counts what is read and fails with {@link BodyTooLarge} past the limit. */
    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            // Never read more than one byte past the limit, so a long body is not consumed further.
            int n = in.read(buffer, offset, (int) Math.min(length, limit - read + 1));
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
