package org.flotilla.coordinator.system;

/**
 * Checks an enrolled client's HTTP Basic credentials. Implemented by the client registry; the
 * security configuration depends only on this interface.
 *
 * <p>Two questions, asked on every request: is the secret right ({@link #verify}), and may the
 * client still act ({@link #isActive}). They are separate so that a cache of verified secrets
 * (authentication made cheaper) can never outlive a revocation: the revocation check does not go
 * through the secret at all.
 */
public interface ClientCredentials {

    /** True when {@code secret} is the secret issued to {@code clientId}; takes constant time in the secret. */
    boolean verify(String clientId, String secret);

    /** False once the operator revoked {@code clientId}; its requests are then refused 401. */
    default boolean isActive(String clientId) {
        return true;
    }

    /**
     * Both questions for one request: the secret is right and the client may act. An
     * implementation may answer both from one lookup, but never from a cache that could outlive a
     * revocation.
     */
    default boolean authenticate(String clientId, String secret) {
        return verify(clientId, secret) && isActive(clientId);
    }
}
