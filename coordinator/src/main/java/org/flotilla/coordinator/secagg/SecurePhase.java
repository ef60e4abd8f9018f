package org.flotilla.coordinator.secagg;

import java.util.Optional;
import java.util.stream.Stream;

import org.flotilla.coordinator.cohort.CohortKind;

/**
 * The four phases of a secure round, in order, each to be one kind of cohort work with its own
 * deadline and quorum; every phase after the first admits only the survivors of the one before.
 * Training happens in {@link #MASKED_INPUT}, as in Flower's SecAgg+, so a client that fails to
 * train is a drop-out after sharing, which the protocol absorbs.
 */
public enum SecurePhase {
    /** Phase 0: each client advertises two fresh X25519 public keys. */
    ADVERTISE_KEYS("SECAGG_KEYS"),
    /** Phase 1: each client sends its neighbours sealed Shamir shares of its two secrets. */
    SHARE_KEYS("SECAGG_SHARES"),
    /** Phase 2: each client trains and uploads its weighted, quantized, masked update. */
    MASKED_INPUT("SECAGG_MASKED"),
    /** Phase 3: the survivors reveal the shares that remove the masks. */
    UNMASKING("SECAGG_UNMASK");

    private final CohortKind kind;

    SecurePhase(String kind) {
        this.kind = new CohortKind(kind);
    }

    /** The cohort kind of this phase. */
    public CohortKind kind() {
        return kind;
    }

    /** The phase whose cohorts are of {@code kind}, if any. */
    public static Optional<SecurePhase> of(CohortKind kind) {
        return Stream.of(values()).filter(p -> p.kind.equals(kind)).findFirst();
    }

    /** How many phases precede this one (and so were closed when it opens). */
    public int closedBefore() {
        return ordinal();
    }
}
