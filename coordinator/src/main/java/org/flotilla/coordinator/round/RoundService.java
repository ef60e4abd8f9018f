package org.flotilla.coordinator.round;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.aggregation.AggregationInput;
import org.flotilla.coordinator.aggregation.AggregationResult;
import org.flotilla.coordinator.aggregation.Aggregator;
import org.flotilla.coordinator.aggregation.StoredUpdate;
import org.flotilla.coordinator.evaluation.EvaluationEvents;
import org.flotilla.coordinator.evaluation.EvaluationService;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobEvents;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.job.RoundPolicy;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.coordinator.system.TensorPool;
import org.flotilla.coordinator.update.UpdateRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs jobs round by round. Every decision about a round is taken here: opening an attempt,
 * ending selection, closing for aggregation or failing on a missed quorum, committing the
 * aggregation's outcome, retrying, and finishing the job. All of it is driven by events (an
 * assignment, an update, a decline, a deadline) and re-reads the database first, so it works the
 * same after a restart and alongside other replicas; state changes are conditional updates.
 */
@Service
public class RoundService {

    private static final Logger log = LoggerFactory.getLogger(RoundService.class);

    private final JobRepository jobs;
    private final RoundRepository rounds;
    private final ParticipantRepository participants;
    private final UpdateRepository updates;
    private final Aggregator aggregator;
    private final EvaluationService evaluations;
    private final Deadlines deadlines;
    private final RoundSignals signals;
    private final TensorPool tensors;
    private final FlotillaMetrics metrics;
    private final TransactionTemplate tx;
    private final Clock clock;

    RoundService(JobRepository jobs, RoundRepository rounds, ParticipantRepository participants,
                 UpdateRepository updates, Aggregator aggregator, EvaluationService evaluations, Deadlines deadlines,
                 RoundSignals signals, TensorPool tensors, FlotillaMetrics metrics, TransactionTemplate tx, Clock clock) {
        this.jobs = jobs;
        this.rounds = rounds;
        this.participants = participants;
        this.updates = updates;
        this.aggregator = aggregator;
        this.evaluations = evaluations;
        this.deadlines = deadlines;
        this.signals = signals;
        this.tensors = tensors;
        this.metrics = metrics;
        this.tx = tx;
        this.clock = clock;
    }

    @EventListener
    void onCreated(JobEvents.Created event) {
        start(event.jobId());
    }

    @EventListener
    void onCancelled(JobEvents.Cancelled event) {
        for (Round r : rounds.ofJob(event.jobId())) {
            Round current = r;
            while (current != null && !current.state().isTerminal() && !fail(current, "job cancelled by an operator", false)) {
                current = rounds.find(r.id()).orElse(null);
            }
        }
    }

    @EventListener
    void onEvaluationFinished(EvaluationEvents.Finished event) {
        advance(event.jobId());
    }

    /** Moves a CREATED job to RUNNING and opens its first round. */
    void start(long jobId) {
        jobs.find(jobId).filter(j -> j.state() == JobState.CREATED)
                .ifPresent(j -> jobs.transition(jobId, JobState.CREATED, JobState.RUNNING, null, clock.instant()));
        advance(jobId);
    }

    /**
     * Brings a RUNNING job forward from its latest round: opens the next round, retries a failed
     * one, or finishes the job — after the federated evaluation of a completed round when one is
     * due. Does nothing while a round is open or aggregating or an evaluation runs; idempotent.
     */
    public void advance(long jobId) {
        // The round is read before the job: a COMPLETED round was committed together with the job
        // row, so the job read afterwards is at least as new. Everything the next round needs comes
        // from the latest round itself.
        Optional<Round> latest = rounds.latest(jobId);
        Job job = jobs.find(jobId).orElse(null);
        if (job == null || job.state() != JobState.RUNNING) {
            return;
        }
        if (latest.isEmpty()) {
            open(job, 1, 1, job.initialWeightsSha256());
            return;
        }
        Round last = latest.get();
        if (!last.state().isTerminal()) {
            return;
        }
        if (last.state().isRetriable()) {
            int retries = job.policy().maxRoundRetries();
            if (last.attempt() <= retries) {
                open(job, last.roundNo(), last.attempt() + 1, last.weightsSha256());
            } else {
                finish(job, JobState.FAILED, "round " + last.roundNo() + " failed in all " + last.attempt()
                        + " attempt(s) (maxRoundRetries " + retries + "); last attempt: " + last.outcome());
            }
            return;
        }
        Double accuracy = last.result().testAccuracy() != null ? last.result().testAccuracy() : job.latestTestAccuracy();
        String done = null;
        if (last.roundNo() >= job.rounds()) {
            done = "all " + job.rounds() + " rounds completed";
        } else if (job.targetAccuracy() != null && accuracy != null && accuracy >= job.targetAccuracy()) {
            done = "target accuracy " + job.targetAccuracy() + " reached after round " + last.roundNo()
                    + " (test accuracy " + String.format(java.util.Locale.ROOT, "%.4f", accuracy) + ")";
        }
        if (evaluations.holdsUp(job, last, done != null)) {
            return; // a federated evaluation of the round's weights runs first; its end calls advance again
        }
        if (done != null) {
            finish(job, JobState.COMPLETED, done);
        } else {
            open(job, last.roundNo() + 1, 1, last.result().weightsSha256());
        }
    }

    private void finish(Job job, JobState to, String reason) {
        if (jobs.transition(job.id(), JobState.RUNNING, to, reason, clock.instant())) {
            log.info("Job {} {}: {}", job.id(), to, reason);
        }
    }

    private void open(Job job, int roundNo, int attempt, String weightsSha256) {
        Instant now = clock.instant();
        RoundPolicy p = job.policy();
        long id;
        try {
            id = rounds.insert(job.id(), roundNo, attempt, weightsSha256, p.clientsPerRound(), p.minClients(),
                    p.selectionTarget(), now, now.plusSeconds(p.selectionTimeoutSeconds()),
                    now.plusSeconds(p.roundTimeoutSeconds()));
        } catch (DuplicateKeyException opened) {
            return; // another thread or replica opened it
        }
        log.info("Job {} round {} attempt {} open: selecting {} client(s), deadline in {} s", job.id(), roundNo, attempt,
                p.selectionTarget(), p.roundTimeoutSeconds());
        rounds.find(id).ifPresent(this::arm);
        signals.signalAll();
    }

    /** Arms the selection and round deadlines of an open round. */
    void arm(Round r) {
        String what = "job " + r.jobId() + " round " + r.roundNo() + "." + r.attempt();
        deadlines.at(r.selectionDeadline(), "selection of " + what, () -> progress(r.id()));
        deadlines.at(r.deadline(), "deadline of " + what, () -> onDeadline(r.id()));
    }

    /** Re-evaluates a round after an assignment, an update, a decline or the end of selection. */
    public void progress(long roundId) {
        Round r = rounds.find(roundId).orElse(null);
        if (r == null) {
            return;
        }
        Instant now = clock.instant();
        Cohort c = r.cohort();
        if (r.state() == RoundState.SELECTION) {
            if (c.enoughReported()) {
                close(r);
            } else if (c.selectionEnds(now)) {
                if (rounds.transition(r.id(), RoundState.SELECTION, RoundState.TRAINING, now, null, Map.of())) {
                    progress(roundId);
                }
            }
        } else if (r.state() == RoundState.TRAINING && c.canCloseAfterSelection()) {
            close(r);
        }
    }

    /** The round's deadline: aggregate with what it has if the quorum is met, else fail. */
    void onDeadline(long roundId) {
        rounds.find(roundId).filter(r -> r.state().isOpen()).ifPresent(this::close);
    }

    private void close(Round first) {
        Round r = first;
        for (int i = 0; i < 8 && r != null && r.state().isOpen(); i++) {
            Instant now = clock.instant();
            long id = r.id();
            if (r.cohort().hasQuorum()) {
                if (r.state() == RoundState.SELECTION) {
                    rounds.transition(id, RoundState.SELECTION, RoundState.TRAINING, now, null, Map.of());
                } else if (Boolean.TRUE.equals(tx.execute(s -> {
                    if (!rounds.transition(id, RoundState.TRAINING, RoundState.AGGREGATING, now, null, Map.of())) {
                        return false;
                    }
                    participants.dropOutstanding(id);
                    return true;
                }))) {
                    log.info("Job {} round {}.{}: aggregating {} update(s)", r.jobId(), r.roundNo(), r.attempt(), r.reported());
                    signals.signalAll();
                    aggregateAsync(id);
                    return;
                }
            } else if (fail(r, r.cohort().quorumMissed("update(s)"), true)) {
                return;
            }
            r = rounds.find(id).orElse(null);
        }
    }

    /**
     * Fails a round attempt (conditionally on its state, and with {@code belowQuorum} only while it
     * lacks its quorum), drops its outstanding assignees, and lets the job retry or fail.
     */
    private boolean fail(Round r, String reason, boolean belowQuorum) {
        Instant now = clock.instant();
        boolean failed = Boolean.TRUE.equals(tx.execute(s -> {
            if (!rounds.transition(r.id(), r.state(), RoundState.FAILED, now, reason, Map.of(), belowQuorum)) {
                return false;
            }
            participants.dropOutstanding(r.id());
            return true;
        }));
        if (failed) {
            metrics.roundFailed();
            log.warn("Job {} round {}.{} failed: {}", r.jobId(), r.roundNo(), r.attempt(), reason);
            signals.signalAll();
            advance(r.jobId());
        }
        return failed;
    }

    /** Aggregates an AGGREGATING round on the tensor pool. */
    void aggregateAsync(long roundId) {
        tensors.submit(() -> {
            aggregate(roundId);
            return null;
        }).exceptionally(e -> {
            log.error("Aggregating round {} failed unexpectedly", roundId, e);
            return null;
        });
    }

    private void aggregate(long roundId) {
        Round r = rounds.find(roundId).orElse(null);
        if (r == null || r.state() != RoundState.AGGREGATING) {
            return;
        }
        Job job = jobs.find(r.jobId()).orElseThrow();
        List<StoredUpdate> stored = updates.ofRound(roundId).stream()
                .map(u -> new StoredUpdate(u.clientId(), u.sha256(), u.examples(), u.metrics())).toList();
        // The strategy state carried into this round is what the previous round left, like its weights.
        String stateIn = r.roundNo() == 1 ? null
                : rounds.completed(job.id(), r.roundNo() - 1).map(p -> p.result().strategyStateSha256()).orElse(null);
        AggregationResult result;
        try {
            result = aggregator.aggregate(new AggregationInput(job.id(), r.roundNo(), r.attempt(), r.assigned(),
                    job.seed(), job.planSha256(), job.parameterCount(), job.strategy(), job.strategySettings(),
                    r.weightsSha256(), stateIn, job.evaluation(), stored));
        } catch (RuntimeException e) {
            log.error("Aggregation of job {} round {}.{} failed", job.id(), r.roundNo(), r.attempt(), e);
            fail(r, "aggregation failed: " + e.getMessage(), false);
            return;
        }
        commit(job, r, result);
    }

    private void commit(Job job, Round r, AggregationResult res) {
        Map<String, Object> columns = RoundResult.columns(res);
        Instant now = clock.instant();
        boolean committed = Boolean.TRUE.equals(tx.execute(s -> {
            if (!rounds.transition(r.id(), RoundState.AGGREGATING, RoundState.COMPLETED, now, res.outcome(), columns)) {
                return false;
            }
            if (!jobs.recordRound(job.id(), r.roundNo(), res.weightsSha256(), res.strategyStateSha256(),
                    res.test() == null ? null : res.test().accuracy())) {
                s.setRollbackOnly();
                return false;
            }
            return true;
        }));
        if (!committed) {
            log.info("Job {} round {}.{}: outcome not committed (the round or job changed meanwhile)", job.id(),
                    r.roundNo(), r.attempt());
            return;
        }
        metrics.roundCompleted();
        metrics.aggregationTook(res.aggregationTime());
        if (res.test() != null) {
            metrics.evaluationTook(res.evaluationTime());
        }
        log.info("Job {} round {}.{} completed: {}{}", job.id(), r.roundNo(), r.attempt(),
                res.newModel() ? "new model from " + res.participants().size() + " update(s)" : "no new model: " + res.outcome(),
                res.test() == null ? "" : String.format(java.util.Locale.ROOT, ", test accuracy %.4f", res.test().accuracy()));
        advance(job.id());
    }
}
