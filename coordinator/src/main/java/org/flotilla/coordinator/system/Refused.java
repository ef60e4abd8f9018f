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

    /**
     * A refusal the caller should repeat later (429, 503): the answer carries {@code Retry-After}
     * and the {@code retryAfterSeconds} member.
     */
    public Refused(RefusalReason reason, String detail, long retryAfterSeconds) {
        super(reason.slug(true), detail, null, null, Map.of("reason", reason.name(), RETRY_AFTER_SECONDS, retryAfterSeconds));
        this.reason = reason;
    }

    /** The problem member (and so the {@code Retry-After} header) of a refusal to repeat later. */
    public static final String RETRY_AFTER_SECONDS = "retryAfterSeconds";

    public Refused(RefusalReason reason, boolean training, String detail) {
        this(reason, training, detail, null, null);
    }

    public RefusalReason reason() {
        return reason;
    }
}
