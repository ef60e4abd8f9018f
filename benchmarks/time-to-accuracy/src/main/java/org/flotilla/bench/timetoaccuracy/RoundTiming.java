package org.flotilla.bench.timetoaccuracy;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One round's wall time split the way the benchmark reports it, from the coordinator's round
 * detail (the last attempt).
 *
 * @param round              round number
 * @param participants       updates aggregated
 * @param testAccuracy       server-side test accuracy after the round
 * @param trainLoss          example-weighted client train loss
 * @param wallSeconds        round opened → round finished
 * @param clientTrainSeconds mean over participants of the time they spent training
 * @param transferSeconds    mean over participants of (update received − assigned − training):
 *                           fetching plan and weights, building the network, encoding, uploading
 * @param aggregationSeconds time in the strategy
 * @param evaluationSeconds  server-side evaluation of the new model
 * @param waitingSeconds     the rest: waiting for check-ins and for the slowest client
 * @param samplesPerSecond   mean over participants of their reported training throughput
 * @param tlp                mean over participants of their workers' thread-level parallelism
 * @param finishedAt         when the round finished (coordinator clock)
 */
public record RoundTiming(int round, int participants, double testAccuracy, double trainLoss, double wallSeconds,
                          double clientTrainSeconds, double transferSeconds, double aggregationSeconds,
                          double evaluationSeconds, double waitingSeconds, double samplesPerSecond, double tlp,
                          Instant finishedAt) {

    /** Reads {@code GET /api/v1/jobs/{id}/rounds/{n}}. */
    public static RoundTiming of(JsonNode detail) {
        JsonNode attempts = detail.path("attempts");
        JsonNode attempt = attempts.get(attempts.size() - 1);
        JsonNode summary = attempt.path("summary");
        JsonNode result = summary.path("result");
        double wall = seconds(summary.path("openedAt"), summary.path("finishedAt"));
        double train = 0;
        double total = 0;
        double sps = 0;
        double tlp = 0;
        int n = 0;
        for (JsonNode p : attempt.path("participants")) {
            JsonNode update = p.path("update");
            if (update.isMissingNode() || update.isNull()) {
                continue;
            }
            JsonNode m = update.path("metrics");
            train += m.path("trainSeconds").asDouble();
            total += seconds(p.path("assignedAt"), update.path("receivedAt"));
            sps += m.path("samplesPerSecond").asDouble();
            tlp += m.path("threadLevelParallelism").asDouble();
            n++;
        }
        double meanTrain = n == 0 ? 0 : train / n;
        double meanTotal = n == 0 ? 0 : total / n;
        double aggregation = result.path("aggregationSeconds").asDouble(0);
        double evaluation = result.path("evaluationSeconds").asDouble(0);
        return new RoundTiming(summary.path("round").asInt(), n, result.path("testAccuracy").asDouble(Double.NaN),
                result.path("trainLoss").asDouble(Double.NaN), wall, meanTrain, Math.max(0, meanTotal - meanTrain),
                aggregation, evaluation, Math.max(0, wall - meanTotal - aggregation - evaluation),
                n == 0 ? 0 : sps / n, n == 0 ? 0 : tlp / n,
                summary.path("finishedAt").isString() ? Instant.parse(summary.path("finishedAt").asString()) : null);
    }

    private static double seconds(JsonNode from, JsonNode to) {
        if (!from.isString() || !to.isString()) {
            return 0;
        }
        return Duration.between(Instant.parse(from.asString()), Instant.parse(to.asString())).toNanos() / 1e9;
    }
}
