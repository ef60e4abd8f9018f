package org.flotilla.coordinator.round;

import java.time.Instant;

/**
 * One attempt of one round, as stored.
 *
 * @param id                  the attempt's id
 * @param jobId               the job
 * @param roundNo             the round number, 1-based
 * @param attempt             1 for the first attempt, +1 per retry
 * @param state               where it is
 * @param weightsSha256       the global weights clients train from
 * @param clientsPerRound     updates wanted
 * @param minClients          quorum at the deadline
 * @param selectionTarget     clients selection assigns
 * @param assigned            clients assigned so far
 * @param reported            updates accepted so far
 * @param declined            assignments declined so far
 * @param openedAt            when selection began
 * @param selectionDeadline   end of the selection window
 * @param deadline            when the round closes at the latest
 * @param trainingStartedAt   when selection ended
 * @param aggregationStartedAt when aggregation began
 * @param finishedAt          when it completed or failed
 * @param outcome             why it failed, or why there is no new model
 * @param result              what aggregation produced, once COMPLETED
 */
public record Round(long id, long jobId, int roundNo, int attempt, RoundState state, String weightsSha256,
                    int clientsPerRound, int minClients, int selectionTarget, int assigned, int reported, int declined,
                    Instant openedAt, Instant selectionDeadline, Instant deadline, Instant trainingStartedAt,
                    Instant aggregationStartedAt, Instant finishedAt, String outcome, RoundResult result) {

    /** Assigned clients that have neither reported nor declined. */
    public int outstanding() {
        return cohort().outstanding();
    }

    /** Its clients, for the selection, closing and quorum rules. */
    public Cohort cohort() {
        return new Cohort(clientsPerRound, minClients, selectionTarget, assigned, reported, declined, selectionDeadline);
    }
}
