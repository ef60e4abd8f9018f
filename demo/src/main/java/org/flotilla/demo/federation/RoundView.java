package org.flotilla.demo.federation;

import tools.jackson.databind.JsonNode;

/**
 * One round as the demo and the benchmark show it, read from the coordinator's round list.
 *
 * @param round        round number
 * @param attempt      attempt of that round (a failed round is retried)
 * @param state        the round's state (COMPLETED, FAILED, ...)
 * @param participants clients whose updates were aggregated
 * @param trainLoss    example-weighted mean of the clients' train loss
 * @param testAccuracy server-side test accuracy, NaN when not evaluated
 * @param testLoss     server-side test loss, NaN when not evaluated
 * @param seconds      wall time of the round
 */
public record RoundView(int round, int attempt, String state, int participants, double trainLoss, double testAccuracy,
                        double testLoss, double seconds) {

    /** Reads one element of {@code GET /api/v1/jobs/{id}/rounds}. */
    public static RoundView of(JsonNode r) {
        JsonNode result = r.path("result");
        double seconds = Double.NaN;
        if (r.path("openedAt").isString() && r.path("finishedAt").isString()) {
            seconds = java.time.Duration.between(java.time.Instant.parse(r.path("openedAt").asString()),
                    java.time.Instant.parse(r.path("finishedAt").asString())).toNanos() / 1e9;
        }
        return new RoundView(
                r.path("round").asInt(),
                r.path("attempt").asInt(1),
                r.path("state").asString(""),
                r.path("reported").asInt(),
                number(result.path("trainLoss")),
                number(result.path("testAccuracy")),
                number(result.path("testLoss")),
                seconds);
    }

    public boolean isFinished() {
        return state.equals("COMPLETED") || state.equals("FAILED");
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }
}
