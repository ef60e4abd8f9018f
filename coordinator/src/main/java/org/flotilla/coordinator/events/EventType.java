package org.flotilla.coordinator.events;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** The {@code event:} names of the streams (docs/events.md), with the data each carries. */
public enum EventType {
    /** First on every stream: which stream, and whether it resumed exactly ({@link EventData.Ready}). */
    READY,
    /** A job was created or changed state ({@link EventData.JobChange}). */
    JOB,
    /** A training round attempt opened, changed state or counts ({@link EventData.CohortChange}). */
    ROUND,
    /** A federated evaluation did ({@link EventData.CohortChange}). */
    EVALUATION,
    /** A cohort of another kind did, e.g. a secure-aggregation phase ({@link EventData.CohortChange}). */
    COHORT,
    /** A client was assigned, answered, declined, was dropped or came late ({@link EventData.ParticipantChange}). */
    PARTICIPANT,
    /** A client enrolled or its registry status changed ({@link EventData.ClientChange}). */
    CLIENT;

    /** The name on the wire, e.g. {@code round}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The type a wire name names, if any. */
    public static Optional<EventType> ofWireName(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName().equals(name)).findFirst();
    }

    /** The types a stream may be filtered to ({@link #READY} is always sent). */
    static Set<EventType> selectable() {
        return EnumSet.complementOf(EnumSet.of(READY));
    }
}
