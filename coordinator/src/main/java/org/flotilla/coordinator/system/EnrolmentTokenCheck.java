package org.flotilla.coordinator.system;

import java.util.Optional;

/**
 * Checks a bearer token against the enrolment tokens the operator created through the admin API
 * (beside the one configured enrolment token). Implemented by the client registry; the security
 * configuration depends only on this interface.
 */
public interface EnrolmentTokenCheck {

    /** The principal prefix of an operator-created enrolment token: {@code enrolment-token/<id>}. */
    String PRINCIPAL_PREFIX = "enrolment-token/";

    /**
     * The id of the usable token {@code token} is (not revoked, not expired, quota not used up),
     * or empty.
     */
    Optional<Long> usableToken(String token);
}
