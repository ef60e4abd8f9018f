package org.flotilla.coordinator.system;

import java.net.URI;

import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/**
 * Building {@link ProblemDetail}s the same way everywhere (controllers, the exception handler and
 * the security entry points). Problem types are URNs, {@code urn:flotilla:problem:<slug>}: stable
 * names a client can switch on, not links.
 */
public final class Problems {

    /** Prefix of every problem type. */
    public static final String TYPE_PREFIX = "urn:flotilla:problem:";

    private Problems() {
    }

    /** A problem with a type slug, a title derived from the status, and a detail. */
    public static ProblemDetail of(HttpStatusCode status, String slug, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create(TYPE_PREFIX + slug));
        return problem;
    }

    /** A problem that names the wrong field and what was allowed. */
    public static ProblemDetail field(HttpStatusCode status, String slug, String detail, String field, String limit) {
        ProblemDetail problem = of(status, slug, detail);
        if (field != null) {
            problem.setProperty("field", field);
        }
        if (limit != null) {
            problem.setProperty("limit", limit);
        }
        return problem;
    }
}
