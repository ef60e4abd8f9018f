package org.flotilla.coordinator.client;

import java.time.Instant;

/**
 * An enrolled client as the registry shows it (never its secret).
 *
 * @param id            the identity issued at enrolment
 * @param name          the device's label
 * @param platform      as last declared, e.g. {@code linux-aarch64}
 * @param clientVersion the edge client's version at the last check-in
 * @param cores         cores declared at the last check-in
 * @param examples      local training examples declared at the last check-in
 * @param status        {@link ClientStatus}: {@code REVOKED} once the operator revoked it, else derived
 *                      from its participation and last contact
 * @param enrolledAt    when it enrolled
 * @param lastSeen      its last enrolment or check-in
 * @param revokedAt     when the operator revoked it, or null
 */
public record Client(String id, String name, String platform, String clientVersion, int cores, long examples,
                     ClientStatus status, Instant enrolledAt, Instant lastSeen, Instant revokedAt) {
}
