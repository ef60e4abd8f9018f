package org.flotilla.coordinator.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.secagg.SecurePhase;
import org.flotilla.secagg.RoundPlan;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the round endpoints add for a secure round (Bell et al. 2020, SecAgg+): its plan and phases. */
final class SecureRoundViews {

    private SecureRoundViews() {
    }

    /**
     * A secure round attempt's protocol.
     *
     * @param neighbours    k, the neighbours each client masks with and shares among (null before the
     *                      key phase closed)
     * @param threshold     t, the shares that reconstruct a secret: fewer than t surviving holders
     *                      fail the attempt (null before the key phase closed)
     * @param modulusBits   b, the masked vectors' elements are integers modulo 2^b (null before the
     *                      key phase closed)
     * @param updatesMasked always true: every stored update of the round is a masked vector; the
     *                      coordinator never holds an individual update in the clear
     * @param phases        the phases opened so far, in protocol order
     */
    @Schema(name = "SecureRound")
    record Secure(Integer neighbours, Integer threshold, Integer modulusBits, boolean updatesMasked,
                  List<Phase> phases) {
    }

    /**
     * One phase of a secure round attempt: a cohort of its own, with its deadline and quorum.
     *
     * @param phase      {@code ADVERTISE_KEYS}, {@code SHARE_KEYS}, {@code MASKED_INPUT} or {@code UNMASKING}
     * @param kind       its cohort kind ({@code SECAGG_KEYS}, {@code SECAGG_SHARES}, {@code SECAGG_MASKED},
     *                   {@code SECAGG_UNMASK})
     * @param state      {@code SELECTION}, {@code WORKING}, {@code CLOSING}, {@code COMPLETED} or {@code FAILED}
     * @param assigned   participants: the survivors of the phase before that checked in for this
     *                   one (a survivor that never came is not counted), or anyone for the key phase
     * @param answered   answers counted: the survivors that go on to the next phase
     * @param declined   participants that declined (a client that cannot take part, or aborted the protocol)
     * @param dropped    participants whose answer did not count: assigned but never answered, or
     *                   answered after the phase closed — the phase's drop-outs together with
     *                   {@code declined}
     * @param openedAt   when it opened
     * @param deadline   when it closes at the latest
     * @param finishedAt when it completed or failed, or null
     * @param seconds    from opening to its end, or null while it is open
     * @param outcome    why it failed, or null
     */
    @Schema(name = "SecurePhase")
    record Phase(String phase, String kind, String state, int assigned, int answered, int declined, int dropped,
                 Instant openedAt, Instant deadline, Instant finishedAt, Double seconds, String outcome) {
    }

    /**
     * The participants of one phase.
     *
     * @param phase        as in {@link Phase#phase()}
     * @param participants every client assigned, in assignment order
     */
    @Schema(name = "SecurePhaseParticipants")
    record PhaseParticipants(String phase, List<RoundViews.ParticipantView> participants) {
    }

    static Secure secure(List<Cohort> phases, RoundPlan plan, Map<Long, Map<ParticipantStatus, Integer>> counts) {
        return new Secure(plan == null ? null : plan.neighbours(), plan == null ? null : plan.threshold(),
                plan == null ? null : plan.modulusBits(), true, phases.stream().map(c -> phase(c, counts.get(c.id())))
                .toList());
    }

    static Phase phase(Cohort c, Map<ParticipantStatus, Integer> counts) {
        Map<ParticipantStatus, Integer> n = counts == null ? Map.of() : counts;
        return new Phase(phaseOf(c).name(), c.kind().toString(), c.state().name(), c.assigned(), c.reported(),
                c.declined(), n.getOrDefault(ParticipantStatus.DROPPED, 0) + n.getOrDefault(ParticipantStatus.LATE, 0),
                c.openedAt(), c.deadline(), c.finishedAt(), Durations.seconds(c.openedAt(), c.finishedAt()), c.outcome());
    }

    /** The attempt's state: COMPLETED or FAILED once over, else the open phase's kind. */
    static String state(List<Cohort> phases) {
        Cohort last = phases.getLast();
        if (last.state() == CohortState.FAILED) {
            return CohortState.FAILED.name();
        }
        if (last.state() == CohortState.COMPLETED) {
            // between phases: the next one is opening
            return phaseOf(last) == SecurePhase.UNMASKING ? CohortState.COMPLETED.name() : next(last).kind().toString();
        }
        return last.kind().toString();
    }

    static SecurePhase phaseOf(Cohort c) {
        return SecurePhase.of(c.kind()).orElseThrow(() -> new IllegalArgumentException(
                c.label() + " is not a secure-aggregation phase"));
    }

    private static SecurePhase next(Cohort c) {
        return SecurePhase.values()[phaseOf(c).ordinal() + 1];
    }
}
