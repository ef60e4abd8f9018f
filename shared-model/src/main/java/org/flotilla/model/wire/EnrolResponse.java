package org.flotilla.model.wire;

/**
 * The identity the coordinator issued: the client authenticates as {@code clientId:secret}
 * (HTTP Basic) from now on. The coordinator keeps only a hash of the secret.
 */
public record EnrolResponse(String clientId, String secret) {
}
