package org.flotilla.coordinator.cohort;

/**
 * Who may join a cohort at check-in, asked before a slot is taken. The engine still enforces the
 * selection target and one assignment per client per cohort; a policy only narrows the candidates.
 * Later kinds plug their own in through {@link CohortWork#selection}: a secure-aggregation phase
 * admits only the survivors of the phase before ({@link #survivorsOf}); a differentially private
 * job's training round admits only the members of the Poisson sample drawn when it opened (the
 * sampling is the {@code differential-privacy} library's; the engine only asks the policy).
 */
@FunctionalInterface
public interface SelectionPolicy {

    /** A client asking for work. */
    record Candidate(String clientId, long examples) {
    }

    /** What a policy may look up about earlier cohorts. */
    interface Lookup {
        /** Whether the client's answer counted in the cohort {@code cohortId}. */
        boolean reported(long cohortId, String clientId);
    }

    /** Whether {@code candidate} may join {@code cohort}. */
    boolean admits(Cohort cohort, Candidate candidate, Lookup lookup);

    /** Any client that declared training examples (the default). */
    SelectionPolicy OPEN = (cohort, candidate, lookup) -> candidate.examples() > 0;

    /** Only clients whose answer counted in the cohort's parent (e.g. the previous phase of a protocol). */
    static SelectionPolicy survivorsOf(long parentId) {
        return (cohort, candidate, lookup) -> lookup.reported(parentId, candidate.clientId());
    }
}
