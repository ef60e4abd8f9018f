package org.flotilla.coordinator.system;

/**
 * Checks an enrolled client's HTTP Basic credentials. Implemented by the client registry; the
 * security configuration depends only on this interface.
 */
public interface ClientCredentials {

    /** True when {@code secret} is the secret issued to {@code clientId}; takes constant time in the secret. */
    boolean verify(String clientId, String secret);
}
