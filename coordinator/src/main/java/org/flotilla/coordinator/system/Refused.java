package org.flotilla.coordinator.system;

import java.util.Map;

import org.flotilla.model.protocol.RefusalReason;

/**
 * A client's answer (update, evaluation result, decline) refused for a protocol reason. Throwing one
 * records nothing: the service that refuses records the refusal explicitly (round detail, metrics).
 */
public final class Refused extends DomainException {

    private final RefusalReason reason;

    /**
     * @param training whether the answer was to a training assignment (it picks the conflict slug)
     */
    public Refused(RefusalReason reason, boolean training, String detail, String field, String limit) {
        super(reason.slug(training), detail, field, limit, Map.of("reason", reason.name()));
        this.reason = reason;
    }

    public Refused(RefusalReason reason, boolean training, String detail) {
        this(reason, training, detail, null, null);
    }

    public RefusalReason reason() {
        return reason;
    }
}
