package org.flotilla.model.plan;

/**
 * A training plan is not usable. Names the offending field and what would have been accepted,
 * so the coordinator can answer {@code problem+json} and the edge client can decline with a
 * reason an operator understands.
 */
public final class PlanException extends RuntimeException {

    private final String field;
    private final String limit;

    public PlanException(String field, String limit, Object actual) {
        super(field + " must be " + limit + " (was " + actual + ")");
        this.field = field;
        this.limit = limit;
    }

    public PlanException(String field, String message) {
        super(message);
        this.field = field;
        this.limit = null;
    }

    /** The plan field that was wrong, e.g. {@code batchSize}. */
    public String field() {
        return field;
    }

    /** What was allowed, or null when the message says it. */
    public String limit() {
        return limit;
    }
}
