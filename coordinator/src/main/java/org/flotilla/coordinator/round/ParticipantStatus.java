package org.flotilla.coordinator.round;

/** A client's part in one round attempt. */
public enum ParticipantStatus {
    /** Assigned; its update is awaited. */
    ASSIGNED,
    /** Its update was accepted. */
    REPORTED,
    /** It declined the assignment, with a reason. */
    DECLINED,
    /** The round closed before it reported (over-selection absorbed it). */
    DROPPED,
    /** It tried to upload after the round had closed. */
    LATE
}
