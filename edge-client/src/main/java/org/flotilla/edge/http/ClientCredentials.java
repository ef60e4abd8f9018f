package org.flotilla.edge.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The identity an enrolled client authenticates with (HTTP Basic {@code clientId:secret}).
 * {@link #toString()} never shows the secret.
 */
public record ClientCredentials(String clientId, String secret) {

    public ClientCredentials {
        if (clientId == null || clientId.isBlank() || secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("client id and secret must not be empty");
        }
    }

    /** The value of the {@code Authorization} header. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "ClientCredentials[" + clientId + ", secret=***]";
    }
}
