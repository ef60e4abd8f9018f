package org.flotilla.model.wire;

import org.flotilla.model.protocol.DeclineReason;

/**
 * A client tells the coordinator it will not complete an assignment, and why.
 *
 * @param reason a {@link DeclineReason} code such as {@code DATA_SHAPE_MISMATCH}
 * @param detail one sentence for the operator
 */
public record DeclineRequest(String reason, String detail) {

    /** A decline for {@code reason}. */
    public static DeclineRequest of(DeclineReason reason, String detail) {
        return new DeclineRequest(reason.name(), detail);
    }
}
