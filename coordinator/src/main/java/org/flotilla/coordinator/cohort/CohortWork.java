package org.flotilla.coordinator.cohort;

import java.util.Map;

import org.flotilla.model.wire.Assignment;

/**
 * One kind of cohort work: the only things that differ between a training round, a federated
 * evaluation and any later kind (a secure-aggregation phase, an asynchronous buffer). A kind is a
 * Spring bean implementing this interface; the engine finds it by {@link #kind()} and never knows
 * what a participant returns or what closing computes. Receiving an answer is the kind's own
 * endpoint, which records it through {@link Answers#count}, so that the exact target, the
 * participant status and the kind's own rows change in one transaction.
 *
 * <p>Selection, the deadline, the quorum, retries and the closing lease are the engine's.
 */
public interface CohortWork {

    /** The kind this bean does. */
    CohortKind kind();

    /**
     * Where a checking-in client looks first: lower first. Short work that holds its job up
     * (an evaluation) goes before training.
     */
    default int priority() {
        return 100;
    }

    /** Whether the cohort may still take clients (e.g. its job is still running). */
    boolean acceptsAssignments(Cohort cohort);

    /** Who may join the cohort; by default any client with data that is not yet part of it. */
    default SelectionPolicy selection(Cohort cohort) {
        return SelectionPolicy.OPEN;
    }

    /** Per-client settings for a new participant (stored with it and sent in its assignment). */
    default Map<String, Double> clientSettings(Cohort cohort, String clientId) {
        return Map.of();
    }

    /** The assignment a participant receives (again at every check-in while the cohort is open). */
    Assignment assignment(Cohort cohort, Participant participant);

    /**
     * The closing step, run once the answers are frozen (state CLOSING), on the tensor pool (see
     * {@link #closesWithTensors}), under the cohort's lease. It may be slow and is repeated if a replica dies during it, so it must be
     * deterministic and store only content-addressed artifacts; its database writes belong in the
     * returned {@link Closing.Complete#commit}.
     */
    Closing close(Cohort cohort);

    /**
     * Whether {@link #close} does tensor work (decoding updates into ND4J, aggregating, evaluating)
     * and so runs on the tensor pool — by default true. A closing without any (the phases of a
     * secure round before the unmasking: protocol bookkeeping and modular sums in plain Java) runs
     * on the engine's own closing thread instead, so it never queues behind tensor work such as the
     * previous round's server-side evaluation.
     */
    default boolean closesWithTensors() {
        return true;
    }

    /**
     * Whether the answers counted so far already serve the kind's purpose, so the cohort may close
     * (with its quorum met) before every participant answered or its deadline passed — e.g. the
     * unmasking phase of a secure round once every secret has its threshold of shares. Asked after
     * every change of the cohort; by default false (the cohort closes at its target, when nobody is
     * left to wait for, or at its deadline).
     */
    default boolean enoughAnswers(Cohort cohort) {
        return false;
    }

    /** Words for the quorum message, e.g. {@code update(s)}. */
    String answers();

    /** Called once after the cohort failed (for metrics and logs). */
    default void failed(Cohort cohort, String reason) {
    }
}
