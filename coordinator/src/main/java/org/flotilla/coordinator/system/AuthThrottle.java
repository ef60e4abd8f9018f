package org.flotilla.coordinator.system;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 with {@code Retry-After} to a request that carries credentials from an address that
 * failed authentication too often ({@link FailedLogins}); the credentials are not even checked.
 */
final class AuthThrottle extends OncePerRequestFilter {

    private final FailedLogins failedLogins;
    private final FlotillaMetrics metrics;

    AuthThrottle(FailedLogins failedLogins, FlotillaMetrics metrics) {
        this.failedLogins = failedLogins;
        this.metrics = metrics;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Duration> blocked = request.getHeader(HttpHeaders.AUTHORIZATION) == null ? Optional.empty()
                : failedLogins.blockedFor(request.getRemoteAddr());
        if (blocked.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        long seconds = Math.max(1, (blocked.get().toMillis() + 999) / 1000);
        metrics.requestRefused("auth_throttled");
        response.setHeader(ProtocolHeaders.RETRY_AFTER, Long.toString(seconds));
        ProblemResponses.write(request, response, HttpStatus.TOO_MANY_REQUESTS, "too-many-failed-logins",
                "too many failed authentications from " + request.getRemoteAddr() + "; requests with credentials are"
                        + " refused for " + seconds + " s", Map.of("retryAfterSeconds", seconds));
    }
}
