package org.flotilla.coordinator.system;

import java.time.Duration;
import java.util.Locale;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The coordinator's own meters, exported at {@code /actuator/prometheus} as
 * {@code flotilla_rounds_completed_total}, {@code flotilla_rounds_failed_total},
 * {@code flotilla_updates_accepted_total}, {@code flotilla_updates_rejected_total{reason=…}},
 * {@code flotilla_bytes_received_total}, {@code flotilla_aggregation_seconds},
 * {@code flotilla_evaluation_seconds} (server-side), and for federated evaluation
 * {@code flotilla_federated_evaluations_completed_total},
 * {@code flotilla_federated_evaluations_failed_total},
 * {@code flotilla_evaluation_results_accepted_total} and
 * {@code flotilla_evaluation_results_rejected_total{reason=…}}.
 */
@Component
public class FlotillaMetrics {

    private final MeterRegistry registry;
    private final Counter roundsCompleted;
    private final Counter roundsFailed;
    private final Counter updatesAccepted;
    private final Counter bytesReceived;
    private final Timer aggregation;
    private final Timer evaluation;
    private final Counter federatedCompleted;
    private final Counter federatedFailed;
    private final Counter resultsAccepted;

    public FlotillaMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.roundsCompleted = Counter.builder("flotilla.rounds.completed").description("Rounds that completed").register(registry);
        this.roundsFailed = Counter.builder("flotilla.rounds.failed").description("Round attempts that failed").register(registry);
        this.updatesAccepted = Counter.builder("flotilla.updates.accepted").description("Updates accepted (first time)").register(registry);
        this.bytesReceived = Counter.builder("flotilla.bytes.received").baseUnit("bytes")
                .description("Update bytes received, accepted or not").register(registry);
        this.aggregation = Timer.builder("flotilla.aggregation").description("Time to aggregate a round").register(registry);
        this.evaluation = Timer.builder("flotilla.evaluation").description("Time to evaluate a global model").register(registry);
        this.federatedCompleted = Counter.builder("flotilla.federated.evaluations.completed")
                .description("Federated evaluations that completed with figures").register(registry);
        this.federatedFailed = Counter.builder("flotilla.federated.evaluations.failed")
                .description("Federated evaluations that failed (quorum missed, no examples, job cancelled)").register(registry);
        this.resultsAccepted = Counter.builder("flotilla.evaluation.results.accepted")
                .description("Client evaluation results accepted (first time)").register(registry);
    }

    public void roundCompleted() {
        roundsCompleted.increment();
    }

    public void roundFailed() {
        roundsFailed.increment();
    }

    public void updateAccepted() {
        updatesAccepted.increment();
    }

    /** Counts a refused update under a stable reason, e.g. {@code bad_checksum}, {@code round_closed}. */
    public void updateRejected(String reason) {
        Counter.builder("flotilla.updates.rejected").description("Updates refused, by reason")
                .tag("reason", reason.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    public void bytesReceived(long bytes) {
        if (bytes > 0) {
            bytesReceived.increment(bytes);
        }
    }

    public void aggregationTook(Duration d) {
        aggregation.record(d);
    }

    public void evaluationTook(Duration d) {
        evaluation.record(d);
    }

    public void federatedEvaluationCompleted() {
        federatedCompleted.increment();
    }

    public void federatedEvaluationFailed() {
        federatedFailed.increment();
    }

    public void evaluationResultAccepted() {
        resultsAccepted.increment();
    }

    /** Counts a refused evaluation result under a stable reason, e.g. {@code bad_result}, {@code round_closed}. */
    public void evaluationResultRejected(String reason) {
        Counter.builder("flotilla.evaluation.results.rejected").description("Evaluation results refused, by reason")
                .tag("reason", reason.toLowerCase(Locale.ROOT)).register(registry).increment();
    }
}
