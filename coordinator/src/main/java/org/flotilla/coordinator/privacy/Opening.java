package org.flotilla.coordinator.privacy;

/** What {@link PrivateRounds#open} decided for a round attempt of a differentially private job. */
public sealed interface Opening {

    /**
     * The attempt is accounted and its Poisson sample drawn: open its cohort for exactly these
     * clients.
     *
     * @param size clients in the sample (possibly 0: the round then releases noise alone)
     */
    record Sampled(int size) implements Opening {
    }

    /**
     * The attempt would overspend: the job stops before it.
     *
     * @param reason the sentence for the job's {@code reason}
     */
    record BudgetSpent(String reason) implements Opening {
    }
}
