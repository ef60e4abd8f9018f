package org.flotilla.model.bundle.host;

/** Why the host could not do what it was asked, as reported in a {@code FAILED} control line. */
public enum HostFailure {
    /** {@code session.json} missing or invalid (a fault of the device, not of the bundle). */
    SESSION_INVALID,
    /** The local data could not be read. */
    DATA_UNREADABLE,
    /** The entry class is missing, not a {@code TrainingProgram}, or has no public no-argument constructor. */
    INCOMPATIBLE,
    /** A setting given to the program is out of its range. */
    SETTINGS_INVALID,
    /** The program threw. */
    PROGRAM_FAILED,
    /** The program ran out of memory (heap or native). */
    OUT_OF_MEMORY,
    /** The program returned a parameter vector of the wrong length. */
    WRONG_ELEMENT_COUNT,
    /** An input file of the command could not be read. */
    BAD_INPUT,
    /** The task ended because a stop was requested. */
    STOPPED,
    /** An evaluation was asked for, but the device keeps no held-out examples. */
    NO_HELD_OUT_DATA
}
