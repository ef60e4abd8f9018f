package org.flotilla.bench.timetoaccuracy;

import java.time.Duration;
import java.time.Instant;

import tools.jackson.databind.JsonNode;

/**
 * One round's wall time split the way the benchmark reports it, from the coordinator's round
 * detail (the last attempt). The round's wall time runs from its opening to its commit; the
 * server-side evaluation of its model runs after the commit (beside the next round), so it is
 * reported on its own and is not part of any column that adds up to the wall time.
 *
 * @param round              round number
 * @param participants       updates aggregated
 * @param testAccuracy       server-side test accuracy after the round (NaN while it is not recorded)
 * @param trainLoss          example-weighted client train loss
 * @param wallSeconds        round opened → round committed
 * @param clientTrainSeconds mean over participants of the time they spent training
 * @param transferSeconds    mean over participants of (update received − assigned − training):
 *                           fetching plan and weights, building the network, encoding, uploading
 * @param aggregationSeconds time in the strategy
 * @param evaluationSeconds  server-side evaluation of the new model, after the round's commit
 * @param waitingSeconds     the rest of the wall time: waiting for check-ins, for the slowest
 *                           client and for the commit
 * @param samplesPerSecond   mean over participants of their reported training throughput
 * @param tlp                mean over participants of their workers' thread-level parallelism
 * @param finishedAt         when the round was committed (coordinator clock)
 * @param slowestTrainSeconds the longest local training of the round's participants
 * @param assignSeconds      mean over participants of (assigned − round opened): how long the
 *                           round took to reach them
 * @param prepareSeconds     mean over participants of (their wall time − training): plan, weights,
 *                           network and encoding on the device
 * @param deliverSeconds     mean over participants of (update received − assigned − their wall
 *                           time): the assignment's and the update's way over the network, and
 *                           storing it on both sides
 * @param closeSeconds       last update received → round committed (aggregation included)
 * @param pendingEvaluation  whether the coordinator still said the server-side evaluation was due
 *                           when the round was read
 */
public record RoundTiming(int round, int participants, double testAccuracy, double trainLoss, double wallSeconds,
                          double clientTrainSeconds, double transferSeconds, double aggregationSeconds,
                          double evaluationSeconds, double waitingSeconds, double samplesPerSecond, double tlp,
                          Instant finishedAt, double slowestTrainSeconds, double assignSeconds, double prepareSeconds,
                          double deliverSeconds, double closeSeconds, boolean pendingEvaluation) {

    /** Reads {@code GET /api/v1/jobs/{id}/rounds/{n}}. */
    public static RoundTiming of(JsonNode detail) {
        JsonNode attempts = detail.path("attempts");
        JsonNode attempt = attempts.get(attempts.size() - 1);
        JsonNode summary = attempt.path("summary");
        JsonNode result = summary.path("result");
        double wall = seconds(summary.path("openedAt"), summary.path("finishedAt"));
        double train = 0;
        double slowest = 0;
        double total = 0;
        double assign = 0;
        double clientWall = 0;
        double sps = 0;
        double tlp = 0;
        Instant lastReceived = null;
        int n = 0;
        for (JsonNode p : attempt.path("participants")) {
            JsonNode update = p.path("update");
            if (update.isMissingNode() || update.isNull()) {
                continue;
            }
            JsonNode m = update.path("metrics");
            double t = m.path("trainSeconds").asDouble();
            train += t;
            slowest = Math.max(slowest, t);
            total += seconds(p.path("assignedAt"), update.path("receivedAt"));
            assign += seconds(summary.path("openedAt"), p.path("assignedAt"));
            clientWall += m.path("wallSeconds").asDouble();
            sps += m.path("samplesPerSecond").asDouble();
            tlp += m.path("threadLevelParallelism").asDouble();
            if (update.path("receivedAt").isString()) {
                Instant received = Instant.parse(update.path("receivedAt").asString());
                lastReceived = lastReceived == null || received.isAfter(lastReceived) ? received : lastReceived;
            }
            n++;
        }
        double meanTrain = n == 0 ? 0 : train / n;
        double meanTotal = n == 0 ? 0 : total / n;
        double meanClientWall = n == 0 ? 0 : clientWall / n;
        double aggregation = result.path("aggregationSeconds").asDouble(0);
        double evaluation = result.path("evaluationSeconds").asDouble(0);
        Instant finishedAt = summary.path("finishedAt").isString() ? Instant.parse(summary.path("finishedAt").asString())
                : null;
        double close = lastReceived == null || finishedAt == null ? 0
                : Duration.between(lastReceived, finishedAt).toNanos() / 1e9;
        boolean pending = summary.path("pendingEvaluation").asBoolean(false);
        return new RoundTiming(summary.path("round").asInt(), n,
                pending ? Double.NaN : result.path("testAccuracy").asDouble(Double.NaN),
                result.path("trainLoss").asDouble(Double.NaN), wall, meanTrain, Math.max(0, meanTotal - meanTrain),
                aggregation, evaluation, Math.max(0, wall - meanTotal - aggregation),
                n == 0 ? 0 : sps / n, n == 0 ? 0 : tlp / n, finishedAt, slowest, n == 0 ? 0 : assign / n,
                Math.max(0, meanClientWall - meanTrain), Math.max(0, meanTotal - meanClientWall), close, pending);
    }

    /**
     * The earliest moment the round's test figure was known: its commit plus its evaluation's
     * time (the evaluation starts at the commit), or null when there is none.
     */
    public Instant evaluatedAt() {
        return finishedAt == null || pendingEvaluation ? null
                : finishedAt.plusNanos((long) (evaluationSeconds * 1e9));
    }

    /** The part of the round that is not the slowest participant's training. */
    public double overheadSeconds() {
        return Math.max(0, wallSeconds - slowestTrainSeconds);
    }

    private static double seconds(JsonNode from, JsonNode to) {
        if (!from.isString() || !to.isString()) {
            return 0;
        }
        return Duration.between(Instant.parse(from.asString()), Instant.parse(to.asString())).toNanos() / 1e9;
    }
}
