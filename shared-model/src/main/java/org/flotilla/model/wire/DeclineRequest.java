package org.flotilla.model.wire;

/**
 * A client tells the coordinator it will not complete an assignment, and why.
 *
 * @param reason a code such as {@code DATA_SHAPE_MISMATCH}, {@code PLAN_INVALID},
 *               {@code ARTIFACT_CORRUPT}, {@code DISK_FULL}, {@code SHUTTING_DOWN}
 * @param detail one sentence for the operator
 */
public record DeclineRequest(String reason, String detail) {
}
