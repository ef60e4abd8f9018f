package org.flotilla.coordinator.system;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The coordinator's own meters. At {@code /actuator/prometheus} they are named as below (counters
 * end in {@code _total}; timers are summaries with {@code _count}, {@code _sum} and {@code _max};
 * docs/monitoring/README.md has the dashboard that reads them):
 * <ul>
 *   <li>{@code flotilla_rounds_completed_total}, {@code flotilla_rounds_failed_total} (round attempts);</li>
 *   <li>{@code flotilla_updates_accepted_total}, {@code flotilla_updates_rejected_total{reason}}
 *       (the protocol's refusal reasons in lower case), {@code flotilla_bytes_received_bytes_total};</li>
 *   <li>{@code flotilla_round_phase_seconds{phase}}: time per phase of a training round, {@code phase}
 *       one of {@code selection}, {@code training}, {@code aggregation}, {@code evaluation}
 *       (server-side); {@code flotilla_aggregation_seconds} and {@code flotilla_evaluation_seconds}
 *       time the last two on their own as well;</li>
 *   <li>{@code flotilla_rounds_in_progress{state}} ({@code selection}, {@code training},
 *       {@code aggregating}), {@code flotilla_jobs_running}, {@code flotilla_clients{status}}
 *       ({@code training}, {@code evaluating}, {@code idle}, {@code offline}): gauges read from the
 *       database (shared by all replicas) when scraped, at most every few seconds;</li>
 *   <li>federated evaluation: {@code flotilla_federated_evaluations_completed_total},
 *       {@code flotilla_federated_evaluations_failed_total},
 *       {@code flotilla_evaluation_results_accepted_total},
 *       {@code flotilla_evaluation_results_rejected_total{reason}};</li>
 *   <li>event streams: {@code flotilla_event_streams} (open now, this replica),
 *       {@code flotilla_event_streams_dropped_total} (ended because their consumer fell behind);</li>
 *   <li>requests refused at the door: {@code flotilla_requests_refused_total{reason}} (too large,
 *       URI too long, throttled authentication, busy upload slot, low disk space).</li>
 * </ul>
 */
@Component
public class FlotillaMetrics {

    /** The phases of {@code flotilla_round_phase_seconds}. */
    public enum Phase {
        SELECTION, TRAINING, AGGREGATION, EVALUATION;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

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
    private final Counter streamsDropped;

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
        this.streamsDropped = Counter.builder("flotilla.event.streams.dropped")
                .description("Event streams ended because their consumer fell a whole buffer behind").register(registry);
        for (Phase p : Phase.values()) {
            phaseTimer(p); // registered up front, so that every phase is in the exposition from the start
        }
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
        roundPhaseTook(Phase.AGGREGATION, d);
    }

    public void evaluationTook(Duration d) {
        evaluation.record(d);
        roundPhaseTook(Phase.EVALUATION, d);
    }

    /** Records how long a training round spent in {@code phase}. */
    public void roundPhaseTook(Phase phase, Duration d) {
        if (!d.isNegative()) {
            phaseTimer(phase).record(d);
        }
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

    /** Counts an event stream dropped for falling behind. */
    public void eventStreamDropped() {
        streamsDropped.increment();
    }

    /** A gauge whose value {@code value} computes when scraped. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /**
     * One gauge per value of {@code tag}, all read from one {@code snapshot} (e.g. a count per
     * status from one query), taken at most once per {@code maxAge} however often it is scraped.
     * A value missing from the snapshot reads 0.
     */
    public void gauges(String name, String description, String tag, List<String> values,
                       Supplier<Map<String, ? extends Number>> snapshot, Duration maxAge) {
        Cached cached = new Cached(snapshot, maxAge);
        for (String v : values) {
            Gauge.builder(name, () -> {
                Number n = cached.get().get(v);
                return n == null ? 0 : n;
            }).description(description).tag(tag, v).register(registry);
        }
    }

    /** Counts a request refused before it reached a service: {@code too_large}, {@code auth_throttled}, … */
    public void requestRefused(String reason) {
        Counter.builder("flotilla.requests.refused").description("Requests refused at the door, by reason")
                .tag("reason", reason.toLowerCase(Locale.ROOT)).register(registry).increment();
    }

    private Timer phaseTimer(Phase p) {
        return Timer.builder("flotilla.round.phase").description("Time a training round spent in a phase")
                .tag("phase", p.tag()).register(registry);
    }

    /** A snapshot re-read when older than its maximum age. */
    private static final class Cached {

        private final Supplier<Map<String, ? extends Number>> source;
        private final Duration maxAge;
        private Map<String, ? extends Number> value = Map.of();
        private Instant takenAt = Instant.EPOCH;

        Cached(Supplier<Map<String, ? extends Number>> source, Duration maxAge) {
            this.source = source;
            this.maxAge = maxAge;
        }

        synchronized Map<String, ? extends Number> get() {
            Instant now = Instant.now();
            if (now.isAfter(takenAt.plus(maxAge))) {
                try {
                    value = source.get();
                } catch (RuntimeException e) {
                    value = Map.of(); // the database is unreachable: the gauges read 0 rather than fail the scrape
                }
                takenAt = now;
            }
            return value;
        }
    }
}
