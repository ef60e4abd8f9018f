package org.flotilla.coordinator.secagg;

import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortSpec;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.RoundPolicy;

/**
 * How a secure round's phases follow each other, for the job runner: phase 0 is opened like a
 * training round (the round's selection target, quorum and selection window); each later phase
 * opens when the one before completed, as its child, wanting an answer from every survivor, with
 * the round's quorum capped at that (the protocol's own threshold fails the closing when fewer
 * than t remain). Training happens in the masked-input phase, which gets the round's timeout; the
 * short phases get two selection windows each.
 */
public final class SecureChain {

    private SecureChain() {
    }

    /** The most recent phase cohort of a secure job (by id: the phases open in order). */
    public static Optional<Cohort> latest(CohortRepository cohorts, long jobId) {
        return Stream.of(SecurePhase.values()).flatMap(p -> cohorts.latest(jobId, p.kind()).stream())
                .max(Comparator.comparingLong(Cohort::id));
    }

    /** Phase 0 of an attempt. */
    public static CohortSpec first(Job job, int roundNo, int attempt, String weightsSha256) {
        RoundPolicy p = job.policy();
        return new CohortSpec(job.id(), SecurePhase.ADVERTISE_KEYS.kind(), roundNo, attempt, null, weightsSha256,
                p.clientsPerRound(), p.minClients(), p.selectionTarget(), p.selectionTimeoutSeconds(),
                shortPhase(p));
    }

    /**
     * The phase after {@code done} when it completed and is not the last; empty for the unmasking
     * phase (the round is over) and for anything not completed.
     */
    public static Optional<CohortSpec> next(Job job, Cohort done) {
        if (done.state() != CohortState.COMPLETED) {
            return Optional.empty();
        }
        SecurePhase phase = SecureState.phaseOf(done);
        if (phase == SecurePhase.UNMASKING) {
            return Optional.empty();
        }
        SecurePhase next = SecurePhase.values()[phase.ordinal() + 1];
        RoundPolicy p = job.policy();
        int survivors = done.reported();
        int timeout = next == SecurePhase.MASKED_INPUT ? p.roundTimeoutSeconds() : shortPhase(p);
        return Optional.of(new CohortSpec(job.id(), next.kind(), done.roundNo(), done.attempt(), done.id(),
                done.weightsSha256(), survivors, Math.min(p.minClients(), survivors), survivors,
                p.selectionTimeoutSeconds(), timeout));
    }

    /** Whether {@code c} is a phase of a secure round. */
    public static boolean isPhase(Cohort c) {
        return SecurePhase.of(c.kind()).isPresent();
    }

    private static int shortPhase(RoundPolicy p) {
        return Math.min(p.roundTimeoutSeconds(), Math.max(10, 2 * p.selectionTimeoutSeconds()));
    }
}
