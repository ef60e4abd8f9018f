package org.flotilla.coordinator.system;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <token>} against the admin token, the configured
 * enrolment token and the enrolment tokens created through the admin API. An unknown bearer token
 * is answered 401 at once; other schemes pass on (HTTP Basic is handled by Spring Security's own
 * filter). The principal of an operator-created enrolment token is
 * {@code enrolment-token/<id>}, so that enrolment can count it against the token's quota.
 */
final class BearerTokenFilter extends OncePerRequestFilter {

    private final AccessTokens tokens;
    private final EnrolmentTokenCheck enrolmentTokens;
    private final AuthenticationEntryPoint entryPoint;

    BearerTokenFilter(AccessTokens tokens, EnrolmentTokenCheck enrolmentTokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.enrolmentTokens = enrolmentTokens;
        this.entryPoint = entryPoint;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            chain.doFilter(request, response);
            return;
        }
        String token = header.substring(7).strip();
        String role = tokens.isAdmin(token) ? Roles.ADMIN : tokens.isEnrolment(token) ? Roles.ENROLMENT : null;
        String principal = role == null ? null : role.toLowerCase(java.util.Locale.ROOT);
        if (role == null && token.length() <= 200) {
            Optional<Long> created = enrolmentTokens.usableToken(token);
            if (created.isPresent()) {
                role = Roles.ENROLMENT;
                principal = EnrolmentTokenCheck.PRINCIPAL_PREFIX + created.get();
            }
        }
        if (role == null) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("unknown bearer token"));
            return;
        }
        var auth = UsernamePasswordAuthenticationToken.authenticated(principal, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + role)));
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(auth);
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
