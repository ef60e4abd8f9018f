package org.flotilla.coordinator.round;

/**
 * What a completed training round recorded.
 *
 * @param newModel              whether the strategy produced new weights
 * @param weightsSha256         the global weights after the round
 * @param strategyStateSha256   the strategy state after the round, or null
 * @param provenanceSha256      the provenance record
 * @param aggregationSeconds    time in the strategy
 * @param evaluationSeconds     time in server-side evaluation
 * @param trainExamples         examples behind the accepted updates
 * @param trainLoss             example-weighted mean of the clients' training loss
 * @param trainAccuracy         example-weighted mean of the clients' training accuracy
 * @param testExamples          server-side evaluation examples, or null
 * @param testLoss              server-side loss of the new model, or null
 * @param testAccuracy          server-side accuracy of the new model, or null
 */
public record RoundResult(Boolean newModel, String weightsSha256, String strategyStateSha256, String provenanceSha256,
                          Double aggregationSeconds, Double evaluationSeconds, Long trainExamples, Double trainLoss,
                          Double trainAccuracy, Long testExamples, Double testLoss, Double testAccuracy) {

    /** No result (yet): every field null. */
    public static final RoundResult NONE = new RoundResult(null, null, null, null, null, null, null, null, null, null,
            null, null);

    /**
     * Whether the new model's server-side evaluation is still due: the strategy produced new
     * weights and no evaluation time is recorded yet (it runs after the round's commit; a job
     * without an evaluation set records zero at the commit).
     */
    public boolean evaluationPending() {
        return Boolean.TRUE.equals(newModel) && evaluationSeconds == null;
    }
}
