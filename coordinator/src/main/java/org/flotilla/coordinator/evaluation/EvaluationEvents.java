package org.flotilla.coordinator.evaluation;

/** Events the evaluation service publishes after committing; the round service reacts to them. */
public final class EvaluationEvents {

    private EvaluationEvents() {
    }

    /** A federated evaluation completed or failed: the job it held up may go on. */
    public record Finished(long jobId, int roundNo) {
    }
}
