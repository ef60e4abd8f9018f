package org.flotilla.secagg.wire;

/**
 * A message that does not decode: names the field and the rule it broke, so a server can answer
 * a problem+json naming both. Never carries the offending bytes (they may be secret).
 */
public final class MessageFormatException extends IllegalArgumentException {

    private final String field;
    private final String limit;

    public MessageFormatException(String field, String limit) {
        super(field + ": must be " + limit);
        this.field = field;
        this.limit = limit;
    }

    /** The message field that broke a rule. */
    public String field() {
        return field;
    }

    /** The rule, e.g. "at most 10000 entries". */
    public String limit() {
        return limit;
    }
}
