package org.flotilla.coordinator.system;

import java.util.Map;

/** The request does not fit the current state, e.g. cancelling a finished job. */
public final class Conflict extends DomainException {

    public Conflict(String slug, String detail) {
        super(slug, detail, null, null, Map.of());
    }
}
