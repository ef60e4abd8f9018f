package org.flotilla.operator.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The parts of the coordinator's JSON answers the command line renders as tables. Fields the
 * coordinator adds later are ignored here (and kept by {@code --json}, which prints the answer as
 * sent); names follow README's API section.
 */
public final class Views {

    private Views() {
    }

    /** A job as {@code GET /api/v1/jobs} lists it. */
    public record Job(long id, String name, String state, String reason, String strategy, String architecture,
                      int rounds, int completedRounds, Double latestTestAccuracy, Double latestFederatedAccuracy,
                      Instant createdAt, Instant startedAt, Instant finishedAt) {

        /** Whether the job will not change any more. */
        public boolean isTerminal() {
            return "COMPLETED".equals(state) || "FAILED".equals(state) || "CANCELLED".equals(state);
        }
    }

    /** One attempt of a round ({@code GET /api/v1/jobs/{id}/rounds}). */
    public record Round(int round, int attempt, String state, int selected, int reported, int dropped, int late,
                        int declined, Instant openedAt, Instant deadline, Instant finishedAt, Timings timings,
                        String outcome, Boolean newModel, Boolean pendingEvaluation, Result result,
                        Federated federatedEvaluation, Secure secureAggregation) {

        /**
         * Whether the coordinator says this completed attempt's server-side evaluation (run after
         * the round's commit) is not recorded yet; false when it does not say.
         */
        public boolean evaluationPending() {
            return Boolean.TRUE.equals(pendingEvaluation);
        }

        /** Whether this attempt has finished (its line can be printed for good). */
        public boolean isTerminal() {
            return "COMPLETED".equals(state) || "FAILED".equals(state);
        }

        /** Seconds from opening to finishing (or null while open). */
        public Double seconds() {
            return openedAt == null || finishedAt == null ? null
                    : java.time.Duration.between(openedAt, finishedAt).toNanos() / 1e9;
        }
    }

    /** A secure round's plan and phases (null for a plain round). */
    public record Secure(Integer neighbours, Integer threshold, Integer modulusBits, boolean updatesMasked,
                         List<SecurePhase> phases) {
    }

    /** One phase of a secure round with its participants and drop-outs. */
    public record SecurePhase(String phase, String state, int assigned, int answered, int declined, int dropped,
                              Double seconds, String outcome) {
    }

    /** Seconds per phase; null for a phase not reached. */
    public record Timings(Double selectionSeconds, Double trainingSeconds, Double aggregationSeconds,
                          Double evaluationSeconds) {
    }

    /** What a completed round recorded. */
    public record Result(Long trainExamples, Double trainLoss, Double trainAccuracy, Long testExamples, Double testLoss,
                         Double testAccuracy, String weightsSha256) {
    }

    /** The clients' evaluation of a round's weights. */
    public record Federated(String state, int selected, int reported, int declined, int dropped, int late,
                            Long examples, Double loss, Double accuracy, String outcome) {

        public boolean isTerminal() {
            return "COMPLETED".equals(state) || "FAILED".equals(state);
        }
    }

    /** {@code GET /api/v1/jobs/{id}/rounds/{n}}. */
    public record RoundDetail(long jobId, int round, List<Attempt> attempts, List<Rejection> rejections,
                              FederatedDetail federatedEvaluation) {
    }

    /** One attempt with its participants. */
    public record Attempt(Round summary, List<Participant> participants) {
    }

    /** A client's part in a training attempt. */
    public record Participant(String clientId, String status, Instant assignedAt, Instant answeredAt,
                              Map<String, Double> settings, String declineReason, String declineDetail, Update update) {
    }

    /** An accepted update. */
    public record Update(String sha256, long sizeBytes, long examples, Metrics metrics, boolean masked) {
    }

    /** The aggregate figures a client sent with its update. */
    public record Metrics(Double trainLoss, Double trainAccuracy, Double wallSeconds, Double trainSeconds,
                          Double samplesPerSecond, Integer workers, Double threadLevelParallelism) {
    }

    /** A refused upload or evaluation result. */
    public record Rejection(String clientId, int httpStatus, String reason, String detail, Instant at) {
    }

    /** A federated evaluation in detail. */
    public record FederatedDetail(Federated summary, List<FederatedParticipant> participants, List<Rejection> rejections) {
    }

    /** A client's part in a federated evaluation. */
    public record FederatedParticipant(String clientId, String status, String declineReason, String declineDetail,
                                       EvalResult result) {
    }

    /** What a client reported from evaluating. */
    public record EvalResult(long examples, double loss, double accuracy) {
    }

    /** An enrolled client ({@code GET /api/v1/clients}). */
    public record Client(String id, String name, String platform, String clientVersion, int cores, long examples,
                         String status, Instant enrolledAt, Instant lastSeen) {
    }
}
