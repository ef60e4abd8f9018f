package org.flotilla.edge.state;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.flotilla.edge.http.ClientCredentials;

/**
 * What enrolment gave this device, as stored in {@code identity.json}.
 *
 * @param clientId    the id the coordinator issued
 * @param secret      the secret (shown once by the coordinator; only this file keeps it)
 * @param coordinator the coordinator URL it was issued by
 * @param name        the device name sent at enrolment
 * @param enrolledAt  when
 * @param replicas    the further URLs of the same deployment (replicas sharing the coordinator's
 *                    database) configured at enrolment; empty for a single coordinator and in files
 *                    written before replicas were known
 */
public record Identity(String clientId, String secret, String coordinator, String name, Instant enrolledAt,
                       List<String> replicas) {

    public Identity {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** An identity issued by a single coordinator. */
    public Identity(String clientId, String secret, String coordinator, String name, Instant enrolledAt) {
        this(clientId, secret, coordinator, name, enrolledAt, List.of());
    }

    /** The deployment the secret belongs to: every URL it may be sent to, {@code coordinator} first. */
    public List<String> deployment() {
        List<String> all = new ArrayList<>(replicas.size() + 1);
        all.add(coordinator);
        all.addAll(replicas);
        return List.copyOf(all);
    }

    /** The credentials for HTTP Basic authentication. */
    public ClientCredentials credentials() {
        return new ClientCredentials(clientId, secret);
    }

    @Override
    public String toString() {
        return "Identity[" + clientId + " at " + String.join(",", deployment()) + ", enrolled " + enrolledAt
                + ", secret=***]";
    }
}
