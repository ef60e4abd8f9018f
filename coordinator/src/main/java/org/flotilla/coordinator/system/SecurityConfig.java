package org.flotilla.coordinator.system;

import org.flotilla.model.protocol.ProtocolPaths;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may call what (docs/protocol.md, "Authentication"): the operator by admin bearer token, a
 * device by the enrolment token for enrolment only, an enrolled client by HTTP Basic for its own
 * check-ins, uploads, evaluation results and declines and for artifact downloads. Stateless: no sessions, no CSRF
 * (no cookies are ever issued, so there is nothing to forge).
 *
 * <p>In front of it: {@link RequestLimits} (path and body sizes, before any authentication) and
 * {@link AuthThrottle} (an address that failed authentication too often gets 429).
 *
 * <p>Public: health, the console's page and static scripts (it asks the operator for the token and
 * sends it itself with every API call) and the OpenAPI description with Swagger UI, which describe
 * the published protocol and carry no data.
 */
@Configuration
class SecurityConfig {

    @Bean
    ClientAuthenticationProvider clientAuthenticationProvider(ClientCredentials credentials) {
        return new ClientAuthenticationProvider(credentials);
    }

    /**
     * No Micrometer observation around each security filter, authentication and authorization:
     * they were a tenth of the CPU of a check-in or an enrolment (benchmarks/RESULTS.md,
     * "Coordinator load"). Every request is still timed as a whole ({@code http.server.requests}).
     */
    @Bean
    static SecurityObservationSettings securityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /** Body and path limits, before the security chain (order −100) and before any body is read. */
    @Bean
    FilterRegistrationBean<RequestLimits> requestLimits(LimitProperties limits, FlotillaMetrics metrics) {
        FilterRegistrationBean<RequestLimits> registration = new FilterRegistrationBean<>(new RequestLimits(limits, metrics));
        registration.setOrder(-200);
        return registration;
    }

    @Bean
    SecurityFilterChain api(HttpSecurity http, AccessTokens tokens, EnrolmentTokenCheck enrolmentTokens,
                            FailedLogins failedLogins, FlotillaMetrics metrics) throws Exception {
        ProblemResponses problems = new ProblemResponses(failedLogins);
        String admin = Roles.ADMIN;
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .httpBasic(b -> b.authenticationEntryPoint(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .addFilterBefore(new AuthThrottle(failedLogins, metrics), BasicAuthenticationFilter.class)
                .addFilterBefore(new BearerTokenFilter(tokens, enrolmentTokens, problems), BasicAuthenticationFilter.class)
                .authorizeHttpRequests(a -> a
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.GET, "/actuator/health", "/actuator/health/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard.js", "/dashboard.css",
                                "/favicon.ico", "/console/**", "/vendor/**").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml",
                                "/swagger-ui.html", "/swagger-ui/**").permitAll()
                        .requestMatchers(HttpMethod.POST, ProtocolPaths.ENROL).hasAnyRole(Roles.ENROLMENT, admin)
                        .requestMatchers(HttpMethod.POST, ProtocolPaths.CHECK_IN).access(self())
                        .requestMatchers(HttpMethod.PUT, ProtocolPaths.UPDATE).access(self())
                        .requestMatchers(HttpMethod.POST, ProtocolPaths.DECLINE).access(self())
                        .requestMatchers(HttpMethod.POST, ProtocolPaths.EVALUATION).access(self())
                        .requestMatchers(HttpMethod.POST, ProtocolPaths.SECAGG_KEYS, ProtocolPaths.SECAGG_SHARES,
                                ProtocolPaths.SECAGG_UNMASK).access(self())
                        .requestMatchers(HttpMethod.PUT, ProtocolPaths.SECAGG_MASKED).access(self())
                        .requestMatchers(HttpMethod.GET, ProtocolPaths.ARTIFACT).hasAnyRole(Roles.CLIENT, admin)
                        .anyRequest().hasRole(admin));
        return http.build();
    }

    /** An enrolled client acting for the {@code clientId} in the path, and only that one. */
    private static AuthorizationManager<RequestAuthorizationContext> self() {
        return (authentication, context) -> {
            var auth = authentication.get();
            boolean ok = auth != null && auth.isAuthenticated() && Roles.has(auth, Roles.CLIENT)
                    && auth.getName().equals(context.getVariables().get("clientId"));
            return new AuthorizationDecision(ok);
        };
    }
}
