package org.flotilla.coordinator.system;

import java.util.Map;
import java.util.TreeMap;

/**
 * A request the domain refuses, in the domain's words: what kind of refusal it is (the subclass),
 * a stable problem slug, a sentence for a person and, where an input was wrong, its name and what
 * was allowed. The services throw these and know nothing of HTTP; {@code web.ProblemHandler} is the
 * one place that turns them into {@code application/problem+json} answers.
 */
public abstract sealed class DomainException extends RuntimeException
        permits Invalid, NotFound, Conflict, Refused {

    private final String slug;
    private final String field;
    private final String limit;
    private final Map<String, Object> properties;

    protected DomainException(String slug, String detail, String field, String limit, Map<String, Object> properties) {
        super(detail);
        this.slug = slug;
        this.field = field;
        this.limit = limit;
        this.properties = Map.copyOf(new TreeMap<>(properties));
    }

    /** A short stable name of the problem, e.g. {@code round-closed}. */
    public String slug() {
        return slug;
    }

    /** The input that was wrong, or null. */
    public String field() {
        return field;
    }

    /** What was allowed for {@link #field()}, or null. */
    public String limit() {
        return limit;
    }

    /** Further members of the answer, e.g. {@code reason} for a refused upload. */
    public Map<String, Object> properties() {
        return properties;
    }
}
