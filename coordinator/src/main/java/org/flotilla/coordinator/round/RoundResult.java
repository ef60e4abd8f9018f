package org.flotilla.coordinator.round;

import java.util.HashMap;
import java.util.Map;

import org.flotilla.coordinator.aggregation.AggregationResult;

/**
 * What a completed round recorded.
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

    /** The {@code rounds} columns that record an aggregation's result (values may be null). */
    static Map<String, Object> columns(AggregationResult res) {
        Map<String, Object> c = new HashMap<>();
        c.put("new_model", res.newModel());
        c.put("result_weights_sha256", res.weightsSha256());
        c.put("strategy_state_sha256", res.strategyStateSha256());
        c.put("provenance_sha256", res.provenanceSha256());
        c.put("aggregation_seconds", res.aggregationTime().toNanos() / 1e9);
        c.put("evaluation_seconds", res.evaluationTime().toNanos() / 1e9);
        c.put("train_examples", res.train().examples());
        c.put("train_loss", res.train().loss());
        c.put("train_accuracy", res.train().accuracy());
        c.put("test_examples", res.test() == null ? null : res.test().examples());
        c.put("test_loss", res.test() == null ? null : res.test().loss());
        c.put("test_accuracy", res.test() == null ? null : res.test().accuracy());
        return c;
    }
}
