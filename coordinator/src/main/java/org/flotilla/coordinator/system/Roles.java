package org.flotilla.coordinator.system;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/** The three kinds of caller (docs/protocol.md, "Authentication"). */
public final class Roles {

    /** The operator, by the admin bearer token. */
    public static final String ADMIN = "ADMIN";
    /** A device before enrolment, by the enrolment bearer token. */
    public static final String ENROLMENT = "ENROLMENT";
    /** An enrolled client, by HTTP Basic id:secret. */
    public static final String CLIENT = "CLIENT";

    private Roles() {
    }

    /** True when {@code auth} carries {@code role}. */
    public static boolean has(Authentication auth, String role) {
        if (auth == null) {
            return false;
        }
        for (GrantedAuthority a : auth.getAuthorities()) {
            if (("ROLE_" + role).equals(a.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
