package org.flotilla.edge.state;

import java.time.Instant;

import org.flotilla.edge.http.ClientCredentials;

/**
 * What enrolment gave this device, as stored in {@code identity.json}.
 *
 * @param clientId    the id the coordinator issued
 * @param secret      the secret (shown once by the coordinator; only this file keeps it)
 * @param coordinator the coordinator URL it was issued by
 * @param name        the device name sent at enrolment
 * @param enrolledAt  when
 */
public record Identity(String clientId, String secret, String coordinator, String name, Instant enrolledAt) {

    /** The credentials for HTTP Basic authentication. */
    public ClientCredentials credentials() {
        return new ClientCredentials(clientId, secret);
    }

    @Override
    public String toString() {
        return "Identity[" + clientId + " at " + coordinator + ", enrolled " + enrolledAt + ", secret=***]";
    }
}
