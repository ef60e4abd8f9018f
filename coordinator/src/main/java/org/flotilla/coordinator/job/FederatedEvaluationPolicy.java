package org.flotilla.coordinator.job;

/**
 * How a job evaluates its global model with clients (Flower's {@code configure_evaluate}): after
 * every {@code every}-th round and after the job's last round, a cohort of clients evaluates the
 * round's new weights on local held-out data. Selection over-selects by the job's
 * {@code overSelection} and its window is the job's {@code selectionTimeoutSeconds}, capped to
 * {@code timeoutSeconds}.
 *
 * @param every           evaluate after rounds {@code every}, {@code 2·every}, …
 * @param clientsPerRound results wanted; the evaluation closes as soon as this many are in
 * @param minClients      results needed at the deadline for the evaluation to count
 * @param timeoutSeconds  from the evaluation's opening to its deadline
 */
public record FederatedEvaluationPolicy(int every, int clientsPerRound, int minClients, int timeoutSeconds) {

    public FederatedEvaluationPolicy {
        if (every < 1 || clientsPerRound < 1 || minClients < 1 || minClients > clientsPerRound || timeoutSeconds < 1) {
            throw new IllegalArgumentException("invalid federated evaluation policy: every " + every + ", clientsPerRound "
                    + clientsPerRound + ", minClients " + minClients + ", timeoutSeconds " + timeoutSeconds);
        }
    }

    /** Whether the weights after {@code round} are evaluated; {@code last} when the job ends after it. */
    public boolean isDueAfter(int round, boolean last) {
        return last || round % every == 0;
    }
}
