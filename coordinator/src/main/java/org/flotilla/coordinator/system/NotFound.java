package org.flotilla.coordinator.system;

import java.util.Map;

/** Something the request names does not exist. */
public final class NotFound extends DomainException {

    /** {@code what} does not exist, e.g. {@code "job 7"}. */
    public NotFound(String what) {
        super("not-found", what + " does not exist", null, null, Map.of());
    }
}
