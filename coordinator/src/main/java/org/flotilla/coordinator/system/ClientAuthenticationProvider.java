package org.flotilla.coordinator.system;

import java.util.List;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * HTTP Basic for enrolled clients: the user name is the client id, the password its secret; a
 * revoked client is refused like a wrong secret.
 */
final class ClientAuthenticationProvider implements AuthenticationProvider {

    private final ClientCredentials credentials;

    ClientAuthenticationProvider(ClientCredentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String id = authentication.getName();
        Object secret = authentication.getCredentials();
        if (id == null || !(secret instanceof String s) || !credentials.authenticate(id, s)) {
            throw new BadCredentialsException("unknown client or wrong secret");
        }
        return UsernamePasswordAuthenticationToken.authenticated(id, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + Roles.CLIENT)));
    }

    @Override
    public boolean supports(Class<?> type) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(type);
    }
}
