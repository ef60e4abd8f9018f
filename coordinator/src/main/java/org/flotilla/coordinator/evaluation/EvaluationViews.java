package org.flotilla.coordinator.evaluation;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.round.ParticipantStatus;
import org.flotilla.coordinator.update.Rejection;
import org.flotilla.model.wire.EvalResult;
import org.springframework.stereotype.Component;

/** What the round endpoints show of federated evaluations, beside the server-side evaluation. */
@Component
public class EvaluationViews {

    /**
     * A federated evaluation with its figures.
     *
     * @param state         where it is
     * @param weightsSha256 the global weights evaluated (the round's result)
     * @param clientsPerRound results wanted
     * @param minClients    quorum at the deadline
     * @param selected      clients assigned
     * @param reported      results accepted
     * @param declined      assignees that declined
     * @param dropped       assignees that had not reported when it closed
     * @param late          assignees that reported after it closed
     * @param openedAt      selection start
     * @param deadline      its deadline
     * @param finishedAt    when it completed or failed
     * @param timings       seconds spent selecting and evaluating
     * @param outcome       why it failed, or null
     * @param examples      held-out examples behind the figures, once completed
     * @param loss          example-weighted mean of the clients' loss, once completed
     * @param accuracy      example-weighted mean of the clients' accuracy, once completed
     */
    public record Summary(EvaluationState state, String weightsSha256, int clientsPerRound, int minClients, int selected,
                          int reported, int declined, int dropped, int late, Instant openedAt, Instant deadline,
                          Instant finishedAt, Timings timings, String outcome, Long examples, Double loss,
                          Double accuracy) {
    }

    /** Seconds per phase; null for a phase not reached. */
    public record Timings(Double selectionSeconds, Double evaluationSeconds) {
    }

    /** An evaluation with every participant's answer and the refused results. */
    public record Detail(Summary summary, List<ParticipantView> participants, List<Rejection> rejections) {
    }

    /** A client's part: its status, decline reason or reported result. */
    public record ParticipantView(String clientId, ParticipantStatus status, Instant assignedAt, Instant answeredAt,
                                  String declineReason, String declineDetail, EvalResult result) {
    }

    private final EvaluationRepository evaluations;
    private final EvaluationParticipantRepository participants;

    EvaluationViews(EvaluationRepository evaluations, EvaluationParticipantRepository participants) {
        this.evaluations = evaluations;
        this.participants = participants;
    }

    /** A job's evaluations, keyed by the id of the round attempt whose weights each evaluated. */
    public Map<Long, Summary> byRoundAttempt(long jobId) {
        Map<Long, Map<ParticipantStatus, Integer>> counts = participants.statusCounts(jobId);
        Map<Long, Summary> byRound = new HashMap<>();
        evaluations.ofJob(jobId).forEach(e -> byRound.put(e.roundId(), summary(e, counts.get(e.id()))));
        return byRound;
    }

    /** The evaluation of a round in detail, if it had one. */
    public Optional<Detail> detail(long jobId, int roundNo) {
        return evaluations.ofRound(jobId, roundNo).map(e -> {
            List<ParticipantView> people = participants.ofEvaluation(e.id()).stream()
                    .map(p -> new ParticipantView(p.clientId(), p.status(), p.assignedAt(), p.answeredAt(),
                            p.declineReason(), p.declineDetail(), p.result()))
                    .toList();
            Map<ParticipantStatus, Integer> counts = new HashMap<>();
            people.forEach(p -> counts.merge(p.status(), 1, Integer::sum));
            return new Detail(summary(e, counts), people, participants.rejections(jobId, roundNo));
        });
    }

    static Summary summary(FederatedEvaluation e, Map<ParticipantStatus, Integer> counts) {
        Map<ParticipantStatus, Integer> c = counts == null ? Map.of() : counts;
        Instant selectionEnd = e.evaluationStartedAt() != null ? e.evaluationStartedAt()
                : e.state() == EvaluationState.FAILED ? e.finishedAt() : null;
        Instant evaluationEnd = e.evaluationStartedAt() != null ? e.finishedAt() : null;
        EvalResult r = e.result();
        return new Summary(e.state(), e.weightsSha256(), e.clientsPerRound(), e.minClients(), e.assigned(), e.reported(),
                e.declined(), c.getOrDefault(ParticipantStatus.DROPPED, 0), c.getOrDefault(ParticipantStatus.LATE, 0),
                e.openedAt(), e.deadline(), e.finishedAt(),
                new Timings(seconds(e.openedAt(), selectionEnd), seconds(e.evaluationStartedAt(), evaluationEnd)),
                e.outcome(), r == null ? null : r.examples(), r == null ? null : r.loss(), r == null ? null : r.accuracy());
    }

    private static Double seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toNanos() / 1e9;
    }
}
