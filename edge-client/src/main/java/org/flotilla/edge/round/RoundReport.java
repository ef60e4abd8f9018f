package org.flotilla.edge.round;

import org.flotilla.model.wire.UpdateMetrics;

/**
 * The result of one assignment, for the caller and for tests.
 *
 * @param jobId   job
 * @param round   round
 * @param outcome how it ended
 * @param metrics the update's metrics, or null when no update was produced
 * @param detail  decline reason and detail, or another explanation; null when uploaded
 */
public record RoundReport(long jobId, int round, RoundOutcome outcome, UpdateMetrics metrics, String detail) {
}
