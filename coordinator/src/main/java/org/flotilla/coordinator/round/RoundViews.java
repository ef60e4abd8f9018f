package org.flotilla.coordinator.round;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.aggregation.Provenance;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.evaluation.EvaluationViews;
import org.flotilla.coordinator.update.Rejection;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.UpdateMetrics;

/** What the monitoring endpoints answer. */
final class RoundViews {

    private RoundViews() {
    }

    /**
     * One attempt of a round with its figures.
     *
     * @param round         the round number
     * @param attempt       the attempt
     * @param state         where it is
     * @param selected      clients assigned
     * @param reported      updates accepted
     * @param dropped       assignees that had not reported when it closed
     * @param late          assignees that uploaded after it closed
     * @param declined      assignees that declined
     * @param openedAt      selection start
     * @param deadline      the round's deadline
     * @param finishedAt    when it completed or failed
     * @param timings       seconds spent in each phase
     * @param outcome       why it failed, or why there is no new model
     * @param newModel      whether aggregation produced new weights
     * @param weightsSha256 the global weights it trained from
     * @param result        what it recorded when it completed (with the server-side evaluation), or null
     * @param federatedEvaluation the clients' evaluation of the weights it produced, or null
     */
    record Summary(int round, int attempt, RoundState state, int selected, int reported, int dropped, int late,
                   int declined, Instant openedAt, Instant deadline, Instant finishedAt, Timings timings,
                   String outcome, Boolean newModel, String weightsSha256, RoundResult result,
                   EvaluationViews.Summary federatedEvaluation) {
    }

    /** Seconds per phase; null for a phase not reached. */
    record Timings(Double selectionSeconds, Double trainingSeconds, Double aggregationSeconds,
                   Double evaluationSeconds) {
    }

    /**
     * A round with every attempt, the per-client detail and the refused uploads, and the federated
     * evaluation of its resulting weights in detail (or null).
     */
    record Detail(long jobId, int round, List<Attempt> attempts, List<Rejection> rejections,
                  EvaluationViews.Detail federatedEvaluation) {
    }

    /** One attempt in detail. */
    record Attempt(Summary summary, List<ParticipantView> participants, Provenance provenance) {
    }

    /** A client's participation and, if it reported, its update with the metrics it sent (TLP, wall time, samples/s…). */
    record ParticipantView(String clientId, ParticipantStatus status, Instant assignedAt, Instant answeredAt,
                           Map<String, Double> settings, String declineReason, String declineDetail, UpdateView update) {
    }

    /** An accepted update. */
    record UpdateView(String sha256, long sizeBytes, long examples, Instant receivedAt, UpdateMetrics metrics) {
    }

    static Summary summary(Round r, Map<ParticipantStatus, Integer> counts, EvaluationViews.Summary federated) {
        Map<ParticipantStatus, Integer> c = counts == null ? Map.of() : counts;
        Instant selectionEnd = r.trainingStartedAt() != null ? r.trainingStartedAt()
                : r.state() == RoundState.FAILED ? r.finishedAt() : null;
        Instant trainingEnd = r.aggregationStartedAt() != null ? r.aggregationStartedAt()
                : r.state() == RoundState.FAILED && r.trainingStartedAt() != null ? r.finishedAt() : null;
        Timings timings = new Timings(seconds(r.openedAt(), selectionEnd), seconds(r.trainingStartedAt(), trainingEnd),
                r.result().aggregationSeconds(), r.result().evaluationSeconds());
        return new Summary(r.roundNo(), r.attempt(), r.state(), r.assigned(), r.reported(),
                c.getOrDefault(ParticipantStatus.DROPPED, 0), c.getOrDefault(ParticipantStatus.LATE, 0), r.declined(),
                r.openedAt(), r.deadline(), r.finishedAt(), timings, r.outcome(), r.result().newModel(),
                r.weightsSha256(), r.state() == RoundState.COMPLETED ? r.result() : null, federated);
    }

    static Provenance provenance(ArtifactStore store, Round r) {
        String sha = r.result().provenanceSha256();
        return sha == null ? null : WireJson.read(store.read(sha), Provenance.class);
    }

    private static Double seconds(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to).toNanos() / 1e9;
    }
}
