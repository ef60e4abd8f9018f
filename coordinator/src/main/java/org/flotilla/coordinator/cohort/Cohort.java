package org.flotilla.coordinator.cohort;

import java.time.Instant;

/**
 * One cohort as stored: a set of clients asked to do one piece of work (of {@code kind}) for one
 * round of a job, under one deadline and quorum.
 *
 * @param id                the cohort's id
 * @param jobId             the job
 * @param kind              what the participants do
 * @param roundNo           the round it belongs to, 1-based
 * @param attempt           1 for the first attempt, +1 per retry
 * @param parentId          the cohort this one follows (an evaluation: the training attempt whose
 *                          weights it evaluates; a later phase: the phase before), or null
 * @param state             where it is
 * @param weightsSha256     the global weights the work starts from
 * @param wanted            answers wanted: exactly this many are counted, then it closes
 * @param quorum            answers needed for it to succeed when it closes
 * @param selectionTarget   clients selection assigns
 * @param assigned          clients assigned so far
 * @param reported          answers counted so far
 * @param declined          assignments declined so far
 * @param openedAt          when selection began
 * @param selectionDeadline end of the selection window
 * @param deadline          when it closes at the latest
 * @param workStartedAt     when selection ended
 * @param closingStartedAt  when the answers were frozen for the closing step
 * @param finishedAt        when it completed or failed
 * @param outcome           why it failed, or what the closing step said
 * @param leaseHolder       the coordinator replica running (or last running) its closing step
 * @param leaseExpiresAt    until when that lease holds
 */
public record Cohort(long id, long jobId, CohortKind kind, int roundNo, int attempt, Long parentId, CohortState state,
                     String weightsSha256, int wanted, int quorum, int selectionTarget, int assigned, int reported,
                     int declined, Instant openedAt, Instant selectionDeadline, Instant deadline, Instant workStartedAt,
                     Instant closingStartedAt, Instant finishedAt, String outcome, String leaseHolder,
                     Instant leaseExpiresAt) {

    /** Its counts, for the selection, closing and quorum rules. */
    public CohortRules rules() {
        return new CohortRules(wanted, quorum, selectionTarget, assigned, reported, declined, selectionDeadline);
    }

    /** E.g. {@code job 3 TRAIN 2.1}, for logs. */
    public String label() {
        return "job " + jobId + " " + kind + " " + roundNo + "." + attempt;
    }
}
