package org.flotilla.coordinator.monitor;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.cohort.ParticipantRepository;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.cohort.Refusals;
import org.flotilla.coordinator.cohort.Rejection;
import org.flotilla.coordinator.evaluation.EvaluationResultRepository;
import org.flotilla.coordinator.evaluation.EvaluationWork;
import io.swagger.v3.oas.annotations.media.Schema;
import org.flotilla.model.wire.EvalResult;
import org.springframework.stereotype.Component;

/** What the round endpoints show of federated evaluations, beside the server-side evaluation. */
@Component
class EvaluationViews {

    /**
     * A federated evaluation with its figures.
     *
     * @param state         where it is ({@code SELECTION}, {@code EVALUATING}, {@code COMPLETED}, {@code FAILED})
     * @param weightsSha256 the global weights evaluated (the round's result)
     * @param clientsPerRound results wanted
     * @param minClients    quorum at the deadline
     * @param selected      clients assigned
     * @param reported      results accepted
     * @param declined      assignees that declined
     * @param dropped       assignees whose result did not count when it closed (never came, or came late)
     * @param late          assignees that reported after it closed or took its target
     * @param openedAt      selection start
     * @param deadline      its deadline
     * @param finishedAt    when it completed or failed
     * @param timings       seconds spent selecting and evaluating
     * @param outcome       why it failed, or null
     * @param examples      held-out examples behind the figures, once completed
     * @param loss          example-weighted mean of the clients' loss, once completed
     * @param accuracy      example-weighted mean of the clients' accuracy, once completed
     */
    @Schema(name = "FederatedEvaluationSummary")
    record Summary(String state, String weightsSha256, int clientsPerRound, int minClients, int selected,
                   int reported, int declined, int dropped, int late, Instant openedAt, Instant deadline,
                   Instant finishedAt, Timings timings, String outcome, Long examples, Double loss,
                   Double accuracy) {
    }

    /**
     * Seconds per phase; null for a phase not reached.
     *
     * @param selectionSeconds  from opening until evaluation started
     * @param evaluationSeconds from evaluation start until it completed or failed
     */
    @Schema(name = "FederatedEvaluationTimings")
    record Timings(Double selectionSeconds, Double evaluationSeconds) {
    }

    /**
     * An evaluation with every participant's answer and the refused results.
     *
     * @param summary      its figures
     * @param participants every client assigned, in assignment order
     * @param rejections   refused results, with the protocol reason
     */
    @Schema(name = "FederatedEvaluationDetail")
    record Detail(Summary summary, List<ParticipantView> participants, List<Rejection> rejections) {
    }

    /**
     * A client's part: its status, decline reason or reported result.
     *
     * @param clientId      the client
     * @param status        {@code ASSIGNED}, {@code REPORTED}, {@code DECLINED}, {@code DROPPED} or {@code LATE}
     * @param assignedAt    when it was assigned
     * @param answeredAt    when it reported or declined, or null
     * @param declineReason the protocol decline reason, when it declined
     * @param declineDetail the client's words about the decline, or null
     * @param result        the figures it reported on its held-out data, or null
     */
    @Schema(name = "EvaluationParticipant")
    record ParticipantView(String clientId, ParticipantStatus status, Instant assignedAt, Instant answeredAt,
                           String declineReason, String declineDetail, EvalResult result) {
    }

    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final EvaluationResultRepository results;
    private final Refusals refusals;

    EvaluationViews(CohortRepository cohorts, ParticipantRepository participants, EvaluationResultRepository results,
                    Refusals refusals) {
        this.cohorts = cohorts;
        this.participants = participants;
        this.results = results;
        this.refusals = refusals;
    }

    /** A job's evaluations, keyed by the id of the training cohort whose weights each evaluated. */
    Map<Long, Summary> byRoundAttempt(long jobId) {
        Map<Long, Map<ParticipantStatus, Integer>> counts = participants.statusCounts(jobId, EvaluationWork.KIND);
        Map<Long, Summary> byRound = new HashMap<>();
        cohorts.ofJob(jobId, EvaluationWork.KIND).forEach(e -> byRound.put(e.parentId(), summary(e, counts.get(e.id()))));
        return byRound;
    }

    /** The evaluation of a round in detail, if it had one. */
    Optional<Detail> detail(long jobId, int roundNo) {
        List<Cohort> attempts = cohorts.attempts(jobId, EvaluationWork.KIND, roundNo);
        if (attempts.isEmpty()) {
            return Optional.empty();
        }
        Cohort e = attempts.getLast();
        Map<String, EvalResult> reported = results.results(e.id());
        List<ParticipantView> people = participants.ofCohort(e.id()).stream()
                .map(p -> new ParticipantView(p.clientId(), p.status(), p.assignedAt(), p.answeredAt(),
                        p.declineReason(), p.declineDetail(), reported.get(p.clientId())))
                .toList();
        Map<ParticipantStatus, Integer> counts = new HashMap<>();
        people.forEach(p -> counts.merge(p.status(), 1, Integer::sum));
        return Optional.of(new Detail(summary(e, counts), people, refusals.of(jobId, roundNo, EvaluationWork.KIND)));
    }

    private Summary summary(Cohort e, Map<ParticipantStatus, Integer> counts) {
        Map<ParticipantStatus, Integer> c = counts == null ? Map.of() : counts;
        Instant selectionEnd = e.workStartedAt() != null ? e.workStartedAt()
                : e.state() == CohortState.FAILED ? e.finishedAt() : null;
        Instant evaluationEnd = e.workStartedAt() != null ? e.finishedAt() : null;
        EvalResult r = e.state() == CohortState.COMPLETED ? results.summary(e.id()).orElse(null) : null;
        int late = c.getOrDefault(ParticipantStatus.LATE, 0);
        return new Summary(EvaluationWork.stateName(e.state()), e.weightsSha256(), e.wanted(), e.quorum(), e.assigned(),
                e.reported(), e.declined(), c.getOrDefault(ParticipantStatus.DROPPED, 0) + late, late,
                e.openedAt(), e.deadline(), e.finishedAt(),
                new Timings(Durations.seconds(e.openedAt(), selectionEnd), Durations.seconds(e.workStartedAt(), evaluationEnd)),
                e.outcome(), r == null ? null : r.examples(), r == null ? null : r.loss(), r == null ? null : r.accuracy());
    }
}
