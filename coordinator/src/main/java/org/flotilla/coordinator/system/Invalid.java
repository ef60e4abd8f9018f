package org.flotilla.coordinator.system;

import java.util.Map;

/** Bad input: names the field and what was allowed. */
public final class Invalid extends DomainException {

    public Invalid(String slug, String field, String limit, String detail) {
        super(slug, detail, field, limit, Map.of());
    }

    /** The usual case, slug {@code invalid-request}. */
    public static Invalid field(String field, String limit, String detail) {
        return new Invalid("invalid-request", field, limit, detail);
    }
}
