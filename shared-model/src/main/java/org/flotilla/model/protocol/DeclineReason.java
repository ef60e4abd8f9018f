package org.flotilla.model.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * Why a client declines an assignment ({@code DeclineRequest.reason}). The coordinator accepts
 * these codes and no others, and shows them in the round detail.
 */
public enum DeclineReason {
    /** The local data does not fit the plan's input shape or classes. */
    DATA_SHAPE_MISMATCH,
    /** The plan or its client settings cannot be used. */
    PLAN_INVALID,
    /** An artifact failed verification or decoding. */
    ARTIFACT_CORRUPT,
    /** An artifact could not be downloaded (404, 403…). */
    ARTIFACT_UNAVAILABLE,
    /** The device has no room for the plan, the weights or the update. */
    DISK_FULL,
    /** The client is stopping. */
    SHUTTING_DOWN,
    /** Training failed on this device. */
    TRAINING_FAILED,
    /** An evaluation was asked for, but this device keeps no held-out examples. */
    NO_HELD_OUT_DATA,
    /** Evaluating the global model failed on this device. */
    EVALUATION_FAILED,
    /** The assignment asks for a task this client version does not perform. */
    UNSUPPORTED_TASK,
    /**
     * The device left a secure-aggregation round: its protocol state machine aborted (the detail
     * names the library's abort reason) and it reveals nothing more in that round.
     */
    SECURE_AGGREGATION_ABORTED,
    /**
     * The assignment's code bundle is not signed by a publisher this device trusts:
     * no signature, a key the device does not trust, or a signature that does not verify (the
     * artifact was changed after signing). Also a signed bundle the device cannot confine as its
     * isolation policy requires.
     */
    UNTRUSTED_CODE,
    /**
     * The plan needs more memory than this device has: its estimate (the training footprint of
     * one replica at the plan's batch size, times the replicas) does not fit, or building or
     * training the network ran out of memory.
     */
    INSUFFICIENT_MEMORY;

    /** The reason a code names, if it is one of the protocol's. */
    public static Optional<DeclineReason> of(String code) {
        return Arrays.stream(values()).filter(r -> r.name().equals(code)).findFirst();
    }
}
