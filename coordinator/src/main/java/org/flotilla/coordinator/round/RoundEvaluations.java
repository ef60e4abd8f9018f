package org.flotilla.coordinator.round;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.flotilla.coordinator.aggregation.AggregationResult;
import org.flotilla.coordinator.aggregation.PlanCache;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.CohortEvents;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.coordinator.testset.ServerEvaluator;
import org.flotilla.model.eval.EvaluationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The server-side evaluation of each round's new model, run after the round's commit on the
 * tensor pool (a bounded pool of platform threads), so the next round opens without waiting for
 * it. A round result is committed with {@code evaluation_seconds} null when its evaluation is due;
 * this records the figures into that row when they are ready, sets the job's latest test accuracy,
 * and publishes {@link Evaluated} (the job runner then moves the job on if it was waiting).
 *
 * <p>Crash safety: a due evaluation is a row in the database, not a task in memory. One lost to a
 * crash or a restart is found again at start-up ({@link CohortEvents.Recovered}) and run then;
 * recording it is a conditional update, so an evaluation run twice is recorded once. An
 * evaluation that fails (the set became unreadable, say) is recorded with no figures and logged:
 * like before, it never fails the round.
 */
@Component
public class RoundEvaluations {

    /** A round's server-side figures were recorded (or its evaluation gave none). */
    public record Evaluated(long jobId, int roundNo) {
    }

    private static final Logger log = LoggerFactory.getLogger(RoundEvaluations.class);

    private final RoundResults results;
    private final JobRepository jobs;
    private final PlanCache plans;
    private final ArtifactStore store;
    private final ServerEvaluator evaluator;
    private final TensorPool pool;
    private final FlotillaMetrics metrics;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final Set<Long> running = ConcurrentHashMap.newKeySet();

    RoundEvaluations(RoundResults results, JobRepository jobs, PlanCache plans, ArtifactStore store,
                     ServerEvaluator evaluator, TensorPool pool, FlotillaMetrics metrics, TransactionTemplate tx,
                     ApplicationEventPublisher events) {
        this.results = results;
        this.jobs = jobs;
        this.plans = plans;
        this.store = store;
        this.evaluator = evaluator;
        this.pool = pool;
        this.metrics = metrics;
        this.tx = tx;
        this.events = events;
    }

    @EventListener
    void onFinished(CohortEvents.Finished event) {
        if (event.state() == CohortState.COMPLETED) {
            results.pendingEvaluation(event.cohortId()).ifPresent(this::submit);
        }
    }

    /** At start-up: the evaluations that were due when the coordinator stopped. */
    @EventListener
    void onRecovered(CohortEvents.Recovered event) {
        results.pendingEvaluations().forEach(this::submit);
    }

    private void submit(RoundResults.PendingEvaluation due) {
        if (!running.add(due.cohortId())) {
            return;
        }
        pool.submit(() -> {
            try {
                evaluate(due);
            } catch (RuntimeException e) {
                log.warn("job {} round {}: recording the server-side evaluation failed: {}", due.jobId(), due.roundNo(),
                        e.toString());
            } finally {
                running.remove(due.cohortId());
            }
            return null;
        });
    }

    private void evaluate(RoundResults.PendingEvaluation due) {
        Job job = jobs.find(due.jobId()).orElse(null);
        long t0 = System.nanoTime();
        AggregationResult.TestSummary test = null;
        if (job != null && job.evaluation() != null) {
            try {
                float[] weights = store.readWeights(due.weightsSha256(), job.parameterCount());
                EvaluationResult r = evaluator.evaluate(plans.plan(job.planSha256()), weights, job.evaluation());
                if (r.examples() > 0) {
                    test = new AggregationResult.TestSummary(r.examples(), r.loss(), r.accuracy());
                }
            } catch (RuntimeException e) {
                log.warn("job {} round {}: the server-side evaluation failed: {}", due.jobId(), due.roundNo(),
                        e.toString());
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        AggregationResult.TestSummary figures = test;
        boolean recorded;
        synchronized (this) { // one writer at a time, so the job's latest accuracy is that of its latest round
            recorded = Boolean.TRUE.equals(tx.execute(s -> {
                if (!results.recordEvaluation(due.cohortId(), figures, took.toNanos() / 1e9)) {
                    return false;
                }
                results.latestTestAccuracy(due.jobId(), Integer.MAX_VALUE)
                        .ifPresent(a -> jobs.recordLatestTestAccuracy(due.jobId(), a));
                return true;
            }));
        }
        if (!recorded) {
            return;
        }
        if (figures != null) {
            metrics.evaluationTook(took);
            log.info("job {} round {}: test accuracy {} on {} examples (server-side evaluation, {} s)", due.jobId(),
                    due.roundNo(), String.format(Locale.ROOT, "%.4f", figures.accuracy()), figures.examples(),
                    String.format(Locale.ROOT, "%.2f", took.toNanos() / 1e9));
        }
        events.publishEvent(new Evaluated(due.jobId(), due.roundNo()));
    }
}
