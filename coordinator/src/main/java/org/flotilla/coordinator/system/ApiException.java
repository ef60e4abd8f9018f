package org.flotilla.coordinator.system;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.http.HttpStatus;

/**
 * A request the coordinator refuses, carrying everything the {@code application/problem+json}
 * answer needs: the status, a stable problem type, a sentence for a person, and where a request
 * field was wrong, its name and what was allowed.
 */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String type;
    private final String field;
    private final String limit;
    private final Map<String, Object> properties;

    /**
     * @param status the HTTP status
     * @param type   a short slug naming the problem, e.g. {@code round-closed}
     * @param detail what was wrong, in one sentence
     */
    public ApiException(HttpStatus status, String type, String detail) {
        this(status, type, detail, null, null, Map.of());
    }

    public ApiException(HttpStatus status, String type, String detail, String field, String limit) {
        this(status, type, detail, field, limit, Map.of());
    }

    public ApiException(HttpStatus status, String type, String detail, String field, String limit,
                        Map<String, Object> properties) {
        super(detail);
        this.status = status;
        this.type = type;
        this.field = field;
        this.limit = limit;
        this.properties = Map.copyOf(new TreeMap<>(properties));
    }

    /** 400 naming a request field and its limit. */
    public static ApiException badField(String field, String limit, String detail) {
        return new ApiException(HttpStatus.BAD_REQUEST, "invalid-request", detail, field, limit);
    }

    /** 404 for something that does not exist. */
    public static ApiException notFound(String what) {
        return new ApiException(HttpStatus.NOT_FOUND, "not-found", what + " does not exist");
    }

    public HttpStatus status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String field() {
        return field;
    }

    public String limit() {
        return limit;
    }

    /** Further problem members, e.g. {@code reason} for a refused update. */
    public Map<String, Object> properties() {
        return properties;
    }
}
