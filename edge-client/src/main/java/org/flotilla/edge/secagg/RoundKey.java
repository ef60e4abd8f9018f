package org.flotilla.edge.secagg;

/**
 * Which round a secure-aggregation state belongs to, as the assignment names it.
 *
 * @param jobId the job
 * @param round the round number
 */
public record RoundKey(long jobId, int round) {

    public RoundKey {
        if (jobId < 1 || round < 1) {
            throw new IllegalArgumentException("job and round are positive, got job " + jobId + " round " + round);
        }
    }

    /** The state file's name under the state directory. */
    String fileName() {
        return SecureRoundStore.DIRECTORY + "/job-" + jobId + "-round-" + round + ".json";
    }
}
