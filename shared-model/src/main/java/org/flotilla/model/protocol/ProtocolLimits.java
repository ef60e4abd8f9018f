package org.flotilla.model.protocol;

/**
 * Bounds every message of the protocol keeps, whatever a coordinator or a client configures.
 * They make the arithmetic on reported figures safe: with at most {@link #MAX_EXAMPLES} examples
 * per message and at most 100 000 clients per cohort, every sum of example counts fits a
 * {@code long} many times over.
 */
public final class ProtocolLimits {

    /** The largest example count an enrolment, a check-in, an update's metrics or an evaluation result may carry: 2^40. */
    public static final long MAX_EXAMPLES = 1L << 40;

    private ProtocolLimits() {
    }
}
