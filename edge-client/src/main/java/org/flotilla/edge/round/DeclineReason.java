package org.flotilla.edge.round;

/** The reasons this client declines an assignment with ({@code DeclineRequest.reason}). */
public enum DeclineReason {
    /** The local data does not fit the plan's input shape or classes. */
    DATA_SHAPE_MISMATCH,
    /** The plan or its client settings cannot be used. */
    PLAN_INVALID,
    /** An artifact failed verification or decoding. */
    ARTIFACT_CORRUPT,
    /** An artifact could not be downloaded (404, 403…). */
    ARTIFACT_UNAVAILABLE,
    /** The client is stopping. */
    SHUTTING_DOWN,
    /** Training failed on this device. */
    TRAINING_FAILED,
    /** An evaluation was asked for, but this device keeps no held-out examples. */
    NO_HELD_OUT_DATA,
    /** Evaluating the global model failed on this device. */
    EVALUATION_FAILED,
    /** The assignment asks for a task this client version does not perform. */
    UNSUPPORTED_TASK
}
