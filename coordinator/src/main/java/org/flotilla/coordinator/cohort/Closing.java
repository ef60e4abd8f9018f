package org.flotilla.coordinator.cohort;

/** What a kind's closing step produced: failures are values. */
public sealed interface Closing {

    /** A database step run in the transaction that completes the cohort; false rolls it back. */
    @FunctionalInterface
    interface Commit {
        boolean apply();
    }

    /**
     * The cohort completes.
     *
     * @param outcome     a sentence for the cohort's record (e.g. why there is no new model), or null
     * @param commit      the kind's rows, written with the COMPLETED transition
     * @param afterCommit metrics and logs once committed
     */
    record Complete(String outcome, Commit commit, Runnable afterCommit) implements Closing {
    }

    /** The cohort fails with {@code reason}. */
    record Fail(String reason) implements Closing {
    }
}
