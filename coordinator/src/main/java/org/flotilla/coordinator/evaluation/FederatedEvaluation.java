package org.flotilla.coordinator.evaluation;

import java.time.Instant;

import org.flotilla.coordinator.round.Cohort;
import org.flotilla.model.wire.EvalResult;

/**
 * One federated evaluation of the global weights a round produced, as stored.
 *
 * @param id                  the evaluation's id
 * @param jobId               the job
 * @param roundNo             the round whose resulting weights are evaluated
 * @param roundId             that round's COMPLETED attempt
 * @param state               where it is
 * @param weightsSha256       the global weights evaluated
 * @param clientsPerRound     results wanted
 * @param minClients          quorum at the deadline
 * @param selectionTarget     clients selection assigns
 * @param assigned            clients assigned so far
 * @param reported            results accepted so far
 * @param declined            assignments declined so far
 * @param openedAt            when selection began
 * @param selectionDeadline   end of the selection window
 * @param deadline            when it closes at the latest
 * @param evaluationStartedAt when selection ended
 * @param finishedAt          when it completed or failed
 * @param outcome             why it failed, or null
 * @param result              total examples and example-weighted loss and accuracy, once COMPLETED
 */
public record FederatedEvaluation(long id, long jobId, int roundNo, long roundId, EvaluationState state,
                                  String weightsSha256, int clientsPerRound, int minClients, int selectionTarget,
                                  int assigned, int reported, int declined, Instant openedAt,
                                  Instant selectionDeadline, Instant deadline, Instant evaluationStartedAt,
                                  Instant finishedAt, String outcome, EvalResult result) {

    /** Its clients, under the same selection, closing and quorum rules as a training round. */
    public Cohort cohort() {
        return new Cohort(clientsPerRound, minClients, selectionTarget, assigned, reported, declined, selectionDeadline);
    }
}
