package org.flotilla.coordinator.update;

import java.time.Instant;

/**
 * An upload the coordinator refused, as the round detail lists it.
 *
 * @param clientId   who uploaded
 * @param httpStatus the status it was answered with
 * @param reason     a stable code, e.g. {@code BAD_CHECKSUM}, {@code ROUND_CLOSED}
 * @param detail     the sentence it was told
 * @param at         when
 */
public record Rejection(String clientId, int httpStatus, String reason, String detail, Instant at) {
}
