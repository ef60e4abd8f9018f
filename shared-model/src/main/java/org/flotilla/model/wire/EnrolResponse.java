package org.flotilla.model.wire;

/**
 * The identity the coordinator issued: the client authenticates as {@code clientId:secret}
 * (HTTP Basic) from now on. The coordinator keeps only a hash of the secret.
 *
 * @param clientId the client's id, in every device path
 * @param secret   its secret, shown only in this answer
 */
public record EnrolResponse(String clientId, String secret) {
}
