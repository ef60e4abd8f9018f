package org.flotilla.edge.round;

import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import org.flotilla.model.wire.UpdateMetrics;

/**
 * The result of one assignment, for the caller and for tests.
 *
 * @param jobId      job
 * @param round      round
 * @param task       what the assignment asked for (null when the assignment named no task)
 * @param outcome    how it ended
 * @param metrics    the update's metrics, or null when no update was produced (always for EVALUATE)
 * @param evaluation the evaluation result sent, or null when none was (always for TRAIN)
 * @param detail     decline reason and detail, or another explanation; null when uploaded
 */
public record RoundReport(long jobId, int round, TaskKind task, RoundOutcome outcome, UpdateMetrics metrics,
                          EvalResult evaluation, String detail) {

    /** The report of a training assignment. */
    public RoundReport(long jobId, int round, RoundOutcome outcome, UpdateMetrics metrics, String detail) {
        this(jobId, round, TaskKind.TRAIN, outcome, metrics, null, detail);
    }
}
