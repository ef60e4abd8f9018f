package org.flotilla.coordinator.cohort;

/**
 * What opening a cohort needs.
 *
 * @param jobId            the job
 * @param kind             the work
 * @param roundNo          the round
 * @param attempt          the attempt (1 unless retried)
 * @param parentId         the cohort it follows, or null
 * @param weightsSha256    the global weights the work starts from
 * @param wanted           answers wanted (the exact target)
 * @param quorum           answers needed to succeed, 0 … wanted (0: it succeeds whatever the count, as a
 *                         differentially private round must, whose release is defined for every count)
 * @param selectionTarget  clients to assign, at least {@code wanted}
 * @param selectionSeconds the selection window
 * @param timeoutSeconds   from opening to the deadline
 */
public record CohortSpec(long jobId, CohortKind kind, int roundNo, int attempt, Long parentId, String weightsSha256,
                         int wanted, int quorum, int selectionTarget, int selectionSeconds, int timeoutSeconds) {

    public CohortSpec {
        if (wanted < 1 || quorum < 0 || quorum > wanted || selectionTarget < wanted || selectionSeconds < 1
                || timeoutSeconds < 1) {
            throw new IllegalArgumentException("invalid cohort: wanted " + wanted + ", quorum " + quorum + ", target "
                    + selectionTarget + ", selection " + selectionSeconds + " s, timeout " + timeoutSeconds + " s");
        }
    }
}
