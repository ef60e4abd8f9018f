package org.flotilla.coordinator.monitor;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.aggregation.Provenance;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.cohort.Rejection;
import org.flotilla.coordinator.privacy.RoundPrivacy;
import org.flotilla.coordinator.round.RoundResult;
import org.flotilla.coordinator.round.TrainingWork;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.UpdateMetrics;
import io.swagger.v3.oas.annotations.media.Schema;

/** What the round endpoints answer. */
final class RoundViews {

    private RoundViews() {
    }

    /**
     * One attempt of a round with its figures.
     *
     * @param round         the round number
     * @param attempt       the attempt
     * @param state         where it is ({@code SELECTION}, {@code TRAINING}, {@code AGGREGATING}, {@code COMPLETED}, {@code FAILED})
     * @param selected      clients assigned
     * @param reported      updates accepted (at most {@code clientsPerRound})
     * @param dropped       assignees whose update did not count when it closed (never came, or came late)
     * @param late          assignees that uploaded after it closed or took its target
     * @param declined      assignees that declined
     * @param openedAt      selection start
     * @param deadline      the round's deadline
     * @param finishedAt    when it completed or failed
     * @param timings       seconds spent in each phase
     * @param outcome       why it failed, or why there is no new model
     * @param newModel      whether aggregation produced new weights
     * @param pendingEvaluation true while the attempt is {@code COMPLETED} with a new model whose
     *                      server-side evaluation (run after the round's commit) is not recorded yet:
     *                      {@code result.testLoss}, {@code result.testAccuracy} and
     *                      {@code timings.evaluationSeconds} are then still null; false otherwise
     * @param weightsSha256 the global weights it trained from
     * @param result        what it recorded when it completed (with the server-side evaluation), or null
     * @param federatedEvaluation the clients' evaluation of the weights it produced, or null
     * @param aggregation   who ran (or runs) its aggregation, and until when the lease holds, or null
     * @param privacy       a differentially private job's figures for this attempt (ε so far, δ, z, q,
     *                      C…) and what it released, or null
     * @param secureAggregation a secure round's protocol: its plan, its phases with their timings,
     *                      participants and drop-outs, and that its updates are masked; null for a
     *                      plain round. For a secure round {@code state} is the open phase's kind
     *                      (e.g. {@code SECAGG_SHARES}) until it completed or failed, {@code selected}
     *                      counts the key phase's assignees, {@code reported} the masked inputs
     *                      counted, and {@code dropped}, {@code late}, {@code declined} add up every phase
     */
    @Schema(name = "RoundSummary")
    record Summary(int round, int attempt, String state, int selected, int reported, int dropped, int late,
                   int declined, Instant openedAt, Instant deadline, Instant finishedAt, Timings timings,
                   String outcome, Boolean newModel, boolean pendingEvaluation, String weightsSha256,
                   RoundResult result, EvaluationViews.Summary federatedEvaluation, Lease aggregation,
                   RoundPrivacy privacy, SecureRoundViews.Secure secureAggregation) {
    }

    /**
     * Seconds per phase; null for a phase not reached.
     *
     * @param selectionSeconds   from opening until training started (or the attempt failed in selection)
     * @param trainingSeconds    from training start until aggregation started (or the attempt failed)
     * @param aggregationSeconds running the strategy over the stored updates
     * @param evaluationSeconds  the server-side evaluation of the new weights
     */
    @Schema(name = "RoundTimings")
    record Timings(Double selectionSeconds, Double trainingSeconds, Double aggregationSeconds,
                   Double evaluationSeconds) {
    }

    /**
     * The closing lease: the replica that aggregates the round and until when it holds the lease.
     *
     * @param holder    the replica, as {@code <replica-id>/<pid>/<random>}
     * @param expiresAt when the lease ends unless renewed
     */
    @Schema(name = "ClosingLease")
    record Lease(String holder, Instant expiresAt) {
    }

    /**
     * A round with every attempt, the per-client detail and the refused uploads, and the federated
     * evaluation of its resulting weights in detail (or null).
     *
     * @param jobId               the job
     * @param round               the round number
     * @param attempts            every attempt, in order (a failed round is retried as a new attempt)
     * @param rejections          refused uploads, with the protocol reason
     * @param federatedEvaluation the clients' evaluation of the weights the round produced, or null
     */
    @Schema(name = "RoundDetail")
    record Detail(long jobId, int round, List<Attempt> attempts, List<Rejection> rejections,
                  EvaluationViews.Detail federatedEvaluation) {
    }

    /**
     * One attempt in detail.
     *
     * @param summary      its figures, as in the round list
     * @param participants every client assigned, in assignment order
     * @param provenance   how its weights were made (completed attempts), or null
     * @param phases       a secure round's phases, each with its participants; null for a plain
     *                     round (whose {@code participants} are its training cohort's — for a secure
     *                     round, those of the masked-input phase, where training happens)
     */
    @Schema(name = "RoundAttempt")
    record Attempt(Summary summary, List<ParticipantView> participants, Provenance provenance,
                   List<SecureRoundViews.PhaseParticipants> phases) {
    }

    /**
     * A client's participation and, if it reported, its update with the metrics it sent (TLP, wall time, samples/s…).
     *
     * @param clientId      the client
     * @param status        {@code ASSIGNED}, {@code REPORTED}, {@code DECLINED}, {@code DROPPED} or {@code LATE}
     * @param assignedAt    when it was assigned
     * @param answeredAt    when it uploaded or declined, or null
     * @param settings      the per-client settings it was given (e.g. {@code fedproxMu})
     * @param declineReason the protocol decline reason, when it declined
     * @param declineDetail the client's words about the decline, or null
     * @param update        its accepted update, or null
     */
    @Schema(name = "RoundParticipant")
    record ParticipantView(String clientId, ParticipantStatus status, Instant assignedAt, Instant answeredAt,
                           Map<String, Double> settings, String declineReason, String declineDetail, UpdateView update) {
    }

    /**
     * An accepted update.
     *
     * @param sha256     the update artifact
     * @param sizeBytes  its size
     * @param examples   training examples behind it (its FedAvg weight)
     * @param receivedAt when it was stored
     * @param metrics    the metrics the client sent with it ({@code Flotilla-Metrics}); null for a masked input
     * @param masked     true for a secure round's masked input: the artifact is the client's weighted,
     *                   quantized update plus masks that cancel only in the sum, unrelated to the
     *                   update on its own; its weight is masked too ({@code examples} is then 0)
     */
    @Schema(name = "AcceptedUpdate")
    record UpdateView(String sha256, long sizeBytes, long examples, Instant receivedAt, UpdateMetrics metrics,
                      boolean masked) {
    }

    static Summary summary(Cohort r, RoundResult result, Map<ParticipantStatus, Integer> counts,
                           EvaluationViews.Summary federated, RoundPrivacy privacy) {
        Map<ParticipantStatus, Integer> c = counts == null ? Map.of() : counts;
        Instant selectionEnd = r.workStartedAt() != null ? r.workStartedAt()
                : r.state() == CohortState.FAILED ? r.finishedAt() : null;
        Instant trainingEnd = r.closingStartedAt() != null ? r.closingStartedAt()
                : r.state() == CohortState.FAILED && r.workStartedAt() != null ? r.finishedAt() : null;
        Timings timings = new Timings(Durations.seconds(r.openedAt(), selectionEnd),
                Durations.seconds(r.workStartedAt(), trainingEnd), result.aggregationSeconds(), result.evaluationSeconds());
        int late = c.getOrDefault(ParticipantStatus.LATE, 0);
        return new Summary(r.roundNo(), r.attempt(), TrainingWork.stateName(r.state()), r.assigned(), r.reported(),
                c.getOrDefault(ParticipantStatus.DROPPED, 0) + late, late, r.declined(),
                r.openedAt(), r.deadline(), r.finishedAt(), timings, r.outcome(), result.newModel(),
                r.state() == CohortState.COMPLETED && result.evaluationPending(), r.weightsSha256(),
                r.state() == CohortState.COMPLETED ? result : null, federated, lease(r), privacy, null);
    }

    static Lease lease(Cohort r) {
        return r.leaseHolder() == null ? null : new Lease(r.leaseHolder(), r.leaseExpiresAt());
    }

    static Provenance provenance(ArtifactStore store, RoundResult result) {
        String sha = result.provenanceSha256();
        return sha == null ? null : WireJson.read(store.read(sha), Provenance.class);
    }
}
