package org.flotilla.coordinator.system;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.flotilla.model.json.WireJson;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * The security layer's answers as {@code application/problem+json}: 401 for missing or wrong
 * credentials (with a {@code WWW-Authenticate} challenge), 403 for a caller acting outside its
 * rights, e.g. a client for another client's id. Every refused credential counts towards its
 * remote address's limit of failed authentications ({@link FailedLogins}).
 */
final class ProblemResponses implements AuthenticationEntryPoint, AccessDeniedHandler {

    private final FailedLogins failedLogins;

    /** @param failedLogins told about every request whose credentials were refused */
    ProblemResponses(FailedLogins failedLogins) {
        this.failedLogins = failedLogins;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        boolean basic = header != null && header.regionMatches(true, 0, "Basic ", 0, 6);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, basic ? "Basic realm=\"flotilla\"" : "Bearer realm=\"flotilla\"");
        if (header != null) {
            failedLogins.failed(request.getRemoteAddr());
        }
        String detail = header == null
                ? "this call needs credentials: the admin or enrolment bearer token, or a client's HTTP Basic id:secret"
                : "the credentials were not accepted (" + (basic ? "unknown client or wrong secret" : "unknown bearer token") + ")";
        write(request, response, HttpStatus.UNAUTHORIZED, "unauthenticated", detail);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(request, response, HttpStatus.FORBIDDEN, "forbidden",
                "these credentials may not make this call: a client may act only for its own id, operator calls need the admin token");
    }

    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
                      String detail) throws IOException {
        write(request, response, status, slug, detail, Map.of());
    }

    /** A problem written by a filter, before any controller ran; {@code more} are further members (field, limit, reason). */
    static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String slug,
                      String detail, Map<String, Object> more) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_PREFIX + slug);
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("detail", detail);
        String uri = request.getRequestURI();
        body.put("instance", uri.length() > 200 ? uri.substring(0, 200) + "…" : uri);
        body.putAll(more);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(WireJson.write(body));
    }
}
