package org.flotilla.coordinator.cohort;

import java.time.Instant;

/**
 * An answer the coordinator refused, as the round detail lists it.
 *
 * @param clientId   who answered
 * @param httpStatus the status it was answered with
 * @param reason     a {@code RefusalReason} code, e.g. {@code BAD_CHECKSUM}, {@code ROUND_CLOSED}
 * @param detail     the sentence it was told
 * @param at         when
 */
public record Rejection(String clientId, int httpStatus, String reason, String detail, Instant at) {
}
