package org.flotilla.coordinator.monitor;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.cohort.ParticipantRepository;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.cohort.Refusals;
import org.flotilla.coordinator.cohort.Rejection;
import org.flotilla.coordinator.privacy.RoundPrivacy;
import org.flotilla.coordinator.round.RoundResult;
import org.flotilla.coordinator.round.RoundResults;
import org.flotilla.coordinator.secagg.SecurePhase;
import org.flotilla.coordinator.secagg.SecureRoundLog;
import org.springframework.stereotype.Component;

/**
 * The round list and detail of a secure job: each attempt is the chain of its phase cohorts
 * ({@link SecurePhase}), shown as one round with its phases' timings, participants and drop-outs;
 * its participants are those of the masked-input phase, whose updates are the stored masked
 * vectors.
 */
@Component
class SecureRoundReader {

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final RoundResults results;
    private final Refusals refusals;
    private final ArtifactStore store;
    private final SecureRoundLog log;

    SecureRoundReader(CohortRepository cohorts, ParticipantRepository participants, RoundResults results,
                      Refusals refusals, ArtifactStore store, SecureRoundLog log) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.results = results;
        this.refusals = refusals;
        this.store = store;
        this.log = log;
    }

    /** Every attempt of the job's secure rounds, each as its phases in order, by (round, attempt). */
    List<List<Cohort>> attempts(long jobId) {
        Map<List<Integer>, List<Cohort>> byAttempt = new TreeMap<>(Comparator.<List<Integer>>comparingInt(k -> k.get(0))
                .thenComparingInt(k -> k.get(1)));
        Stream.of(SecurePhase.values()).flatMap(p -> cohorts.ofJob(jobId, p.kind()).stream())
                .sorted(Comparator.comparingLong(Cohort::id))
                .forEach(c -> byAttempt.computeIfAbsent(List.of(c.roundNo(), c.attempt()), k -> new ArrayList<>()).add(c));
        return List.copyOf(byAttempt.values());
    }

    /** The per-cohort participant counts of every phase of the job. */
    Map<Long, Map<ParticipantStatus, Integer>> counts(long jobId) {
        Map<Long, Map<ParticipantStatus, Integer>> all = new HashMap<>();
        for (SecurePhase p : SecurePhase.values()) {
            all.putAll(participants.statusCounts(jobId, p.kind()));
        }
        return all;
    }

    /** The attempt's summary, as in the round list. */
    RoundViews.Summary summary(List<Cohort> phases, Map<Long, Map<ParticipantStatus, Integer>> counts,
                               EvaluationViews.Summary federated, RoundPrivacy privacy) {
        Cohort keys = phases.getFirst();
        Cohort last = phases.getLast();
        Cohort masked = phase(phases, SecurePhase.MASKED_INPUT);
        RoundResult result = last.state() == CohortState.COMPLETED && SecureRoundViews.phaseOf(last) == SecurePhase.UNMASKING
                ? results.find(last.id()).orElse(RoundResult.NONE) : RoundResult.NONE;
        SecureRoundViews.Secure secure = SecureRoundViews.secure(phases, log.plan(keys).orElse(null), counts);
        int dropped = secure.phases().stream().mapToInt(SecureRoundViews.Phase::dropped).sum();
        int declined = secure.phases().stream().mapToInt(SecureRoundViews.Phase::declined).sum();
        int late = phases.stream().mapToInt(c -> counts.getOrDefault(c.id(), Map.of())
                .getOrDefault(ParticipantStatus.LATE, 0)).sum();
        boolean over = last.state().isTerminal() && (last.state() == CohortState.FAILED
                || SecureRoundViews.phaseOf(last) == SecurePhase.UNMASKING);
        Instant selectionEnd = keys.workStartedAt() != null ? keys.workStartedAt()
                : keys.state() == CohortState.FAILED ? keys.finishedAt() : null;
        Instant trainingEnd = masked == null ? null : masked.closingStartedAt() != null ? masked.closingStartedAt()
                : masked.state() == CohortState.FAILED && masked.workStartedAt() != null ? masked.finishedAt() : null;
        RoundViews.Timings timings = new RoundViews.Timings(Durations.seconds(keys.openedAt(), selectionEnd),
                masked == null ? null : Durations.seconds(masked.workStartedAt(), trainingEnd),
                result.aggregationSeconds(), result.evaluationSeconds());
        return new RoundViews.Summary(keys.roundNo(), keys.attempt(), SecureRoundViews.state(phases), keys.assigned(),
                masked == null ? 0 : masked.reported(), dropped, late, declined, keys.openedAt(), last.deadline(),
                over ? last.finishedAt() : null, timings, last.outcome(), over ? result.newModel() : null,
                over && last.state() == CohortState.COMPLETED && result.evaluationPending(), keys.weightsSha256(), last.state() == CohortState.COMPLETED && over ? result : null, federated,
                RoundViews.lease(last), privacy, secure);
    }

    /** The attempt in detail: the masked-input phase's participants with their masked vectors, and every phase's. */
    RoundViews.Attempt attempt(List<Cohort> phases, Map<Long, Map<ParticipantStatus, Integer>> counts,
                               EvaluationViews.Summary federated, RoundPrivacy privacy) {
        RoundViews.Summary summary = summary(phases, counts, federated, privacy);
        Cohort masked = phase(phases, SecurePhase.MASKED_INPUT);
        // Participants first, then the masked inputs: an input is committed with its REPORTED
        // status, so every participant read as REPORTED finds its input in the later read.
        Map<Long, List<Participant>> assigned = new HashMap<>();
        phases.forEach(c -> assigned.put(c.id(), participants.ofCohort(c.id())));
        Map<String, SecureRoundLog.MaskedArtifact> inputs = new HashMap<>();
        if (masked != null) {
            log.maskedInputs(masked).forEach(m -> inputs.put(m.clientId(), m));
        }
        List<SecureRoundViews.PhaseParticipants> each = phases.stream().map(c -> new SecureRoundViews.PhaseParticipants(
                SecureRoundViews.phaseOf(c).name(), people(assigned.get(c.id()), c == masked ? inputs : Map.of())))
                .toList();
        Cohort last = phases.getLast();
        RoundResult result = summary.result() == null ? RoundResult.NONE : results.find(last.id()).orElse(RoundResult.NONE);
        return new RoundViews.Attempt(summary, masked == null ? List.of() : people(assigned.get(masked.id()), inputs),
                RoundViews.provenance(store, result), each);
    }

    /** Refused answers of any phase of the round. */
    List<Rejection> rejections(long jobId, int round) {
        return Stream.of(SecurePhase.values()).flatMap(p -> refusals.of(jobId, round, p.kind()).stream()).toList();
    }

    private static List<RoundViews.ParticipantView> people(List<Participant> assigned,
                                                           Map<String, SecureRoundLog.MaskedArtifact> inputs) {
        return assigned.stream().map(p -> {
            SecureRoundLog.MaskedArtifact m = inputs.get(p.clientId());
            return new RoundViews.ParticipantView(p.clientId(), p.status(), p.assignedAt(), p.answeredAt(), p.settings(),
                    p.declineReason(), p.declineDetail(), m == null ? null
                    : new RoundViews.UpdateView(m.sha256(), m.sizeBytes(), 0, m.receivedAt(), null, true));
        }).toList();
    }

    private static Cohort phase(List<Cohort> phases, SecurePhase phase) {
        return phases.stream().filter(c -> SecureRoundViews.phaseOf(c) == phase).findFirst().orElse(null);
    }
}
