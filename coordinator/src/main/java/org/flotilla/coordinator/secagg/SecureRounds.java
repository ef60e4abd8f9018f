package org.flotilla.coordinator.secagg;

import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.wire.RoundSetup;

/**
 * The protocol's view of a round attempt: its id (part of every message and of every key
 * derivation, so an attempt's messages can never be replayed into another) and its setup.
 */
public final class SecureRounds {

    private SecureRounds() {
    }

    /** {@code job-<id>/round-<n>/attempt-<a>}: a protocol identifier, unique per attempt. */
    public static String roundId(long jobId, int roundNo, int attempt) {
        return "job-" + jobId + "/round-" + roundNo + "/attempt-" + attempt;
    }

    /** The setup every participant of the attempt receives: the job's parameters and the model's size. */
    public static RoundSetup setup(long jobId, int roundNo, int attempt, SecAggParameters parameters,
                                   long parameterCount) {
        if (parameterCount < 1 || parameterCount > RoundSetup.MAX_VECTOR_LENGTH) {
            throw new IllegalArgumentException("a secure round sums 1.." + RoundSetup.MAX_VECTOR_LENGTH
                    + " parameters, the model has " + parameterCount);
        }
        return new RoundSetup(roundId(jobId, roundNo, attempt), parameters, (int) parameterCount);
    }
}
