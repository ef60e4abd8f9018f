package org.flotilla.coordinator.strategy;

/** A strategy setting is unknown or out of range; names the field and the limit. */
public final class StrategyConfigException extends RuntimeException {

    private final String field;
    private final String limit;

    public StrategyConfigException(String field, String limit, Object actual) {
        super(field + " must be " + limit + " (was " + actual + ")");
        this.field = field;
        this.limit = limit;
    }

    public String field() {
        return field;
    }

    public String limit() {
        return limit;
    }
}
