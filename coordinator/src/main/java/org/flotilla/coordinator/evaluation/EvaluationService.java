package org.flotilla.coordinator.evaluation;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.aggregation.RoundSeeds;
import org.flotilla.coordinator.job.FederatedEvaluationPolicy;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobEvents;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.RoundPolicy;
import org.flotilla.coordinator.round.Cohort;
import org.flotilla.coordinator.round.Deadlines;
import org.flotilla.coordinator.round.Round;
import org.flotilla.coordinator.round.RoundSignals;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.model.wire.EvalResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs federated evaluations (Flower's {@code configure_evaluate} / {@code aggregate_evaluate}):
 * opens one when a completed round is due for it, ends selection, closes on enough results, on
 * nobody outstanding or at the deadline — with the same {@link Cohort} rules as a training round —
 * and commits the strategy's example-weighted figures, or a failure with its reason. Driven by
 * events and re-reading the database like the round service, so it survives restarts and runs
 * beside other replicas. An evaluation never fails its job; when it ends, {@link
 * EvaluationEvents.Finished} lets the job go on.
 */
@Service
public class EvaluationService {

    private static final Logger log = LoggerFactory.getLogger(EvaluationService.class);

    private final EvaluationRepository evaluations;
    private final EvaluationParticipantRepository participants;
    private final JobRepository jobs;
    private final Deadlines deadlines;
    private final RoundSignals signals;
    private final FlotillaMetrics metrics;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;

    EvaluationService(EvaluationRepository evaluations, EvaluationParticipantRepository participants, JobRepository jobs,
                      Deadlines deadlines, RoundSignals signals, FlotillaMetrics metrics, ApplicationEventPublisher events,
                      TransactionTemplate tx, Clock clock) {
        this.evaluations = evaluations;
        this.participants = participants;
        this.jobs = jobs;
        this.deadlines = deadlines;
        this.signals = signals;
        this.metrics = metrics;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Whether the job must wait for a federated evaluation of {@code round}'s weights before it
     * opens its next round or finishes: opens the evaluation when it is due and not yet opened
     * (idempotent across threads and replicas), and answers true until it has completed or failed.
     *
     * @param last whether the job ends after this round (its final model is always evaluated)
     */
    public boolean holdsUp(Job job, Round round, boolean last) {
        FederatedEvaluationPolicy policy = job.federatedEvaluation();
        if (policy == null || !policy.isDueAfter(round.roundNo(), last)) {
            return false;
        }
        Optional<FederatedEvaluation> existing = evaluations.ofRound(job.id(), round.roundNo());
        if (existing.isPresent()) {
            return !existing.get().state().isTerminal();
        }
        open(job, round, policy);
        return true;
    }

    private void open(Job job, Round round, FederatedEvaluationPolicy p) {
        Instant now = clock.instant();
        int selectionSeconds = Math.min(job.policy().selectionTimeoutSeconds(), p.timeoutSeconds());
        int target = RoundPolicy.selectionTarget(p.clientsPerRound(), job.policy().overSelection());
        long id;
        try {
            id = evaluations.insert(job.id(), round.roundNo(), round.id(), round.result().weightsSha256(),
                    p.clientsPerRound(), p.minClients(), target, now, now.plusSeconds(selectionSeconds),
                    now.plusSeconds(p.timeoutSeconds()));
        } catch (DuplicateKeyException opened) {
            return; // another thread or replica opened it
        }
        log.info("Job {} round {}: federated evaluation open, selecting {} client(s), deadline in {} s", job.id(),
                round.roundNo(), target, p.timeoutSeconds());
        evaluations.find(id).ifPresent(this::arm);
        signals.signalAll();
    }

    /** Arms the selection and evaluation deadlines of an open evaluation. */
    private void arm(FederatedEvaluation e) {
        String what = "evaluation of job " + e.jobId() + " round " + e.roundNo();
        deadlines.at(e.selectionDeadline(), "selection of " + what, () -> progress(e.id()));
        deadlines.at(e.deadline(), "deadline of " + what, () -> onDeadline(e.id()));
    }

    /** Re-evaluates an evaluation after an assignment, a result, a decline or the end of selection. */
    void progress(long id) {
        FederatedEvaluation e = evaluations.find(id).orElse(null);
        if (e == null) {
            return;
        }
        Instant now = clock.instant();
        Cohort c = e.cohort();
        if (e.state() == EvaluationState.SELECTION) {
            if (c.enoughReported()) {
                close(e);
            } else if (c.selectionEnds(now)
                    && evaluations.transition(id, EvaluationState.SELECTION, EvaluationState.EVALUATING, now, null, Map.of(), false, null)) {
                progress(id);
            }
        } else if (e.state() == EvaluationState.EVALUATING && c.canCloseAfterSelection()) {
            close(e);
        }
    }

    /** The deadline: complete with what has been reported if the quorum is met, else fail. */
    void onDeadline(long id) {
        evaluations.find(id).filter(e -> e.state().isOpen()).ifPresent(this::close);
    }

    private void close(FederatedEvaluation first) {
        FederatedEvaluation e = first;
        for (int i = 0; i < 8 && e != null && e.state().isOpen(); i++) {
            if (e.cohort().hasQuorum()) {
                if (e.state() == EvaluationState.SELECTION) {
                    evaluations.transition(e.id(), EvaluationState.SELECTION, EvaluationState.EVALUATING, clock.instant(),
                            null, Map.of(), false, null);
                } else if (complete(e)) {
                    return;
                }
            } else if (fail(e, e.cohort().quorumMissed("result(s)"), true, null)) {
                return;
            }
            e = evaluations.find(e.id()).orElse(null);
        }
    }

    /**
     * Folds the reported results with the job's strategy and commits the figures, conditionally on
     * the number of results they were computed from, so a result accepted meanwhile makes the
     * caller read again rather than be left out.
     */
    private boolean complete(FederatedEvaluation e) {
        Map<String, EvalResult> results = participants.results(e.id());
        Job job = jobs.find(e.jobId()).orElseThrow();
        RoundContext context = new RoundContext(job.id(), e.roundNo(), e.assigned(), RoundSeeds.of(job.seed(), e.roundNo()));
        Optional<EvalResult> figures = Strategies.create(job.strategy(), job.strategySettings())
                .aggregateEvaluation(context, results);
        if (figures.isEmpty()) {
            return fail(e, "no held-out examples: the " + results.size() + " reporting client(s) evaluated 0 examples",
                    false, results.size());
        }
        EvalResult f = figures.get();
        Instant now = clock.instant();
        boolean completed = Boolean.TRUE.equals(tx.execute(s -> {
            if (!evaluations.transition(e.id(), EvaluationState.EVALUATING, EvaluationState.COMPLETED, now, null,
                    Map.of("examples", f.examples(), "loss", f.loss(), "accuracy", f.accuracy()), false, results.size())) {
                return false;
            }
            participants.dropOutstanding(e.id());
            jobs.recordFederatedAccuracy(e.jobId(), f.accuracy());
            return true;
        }));
        if (completed) {
            metrics.federatedEvaluationCompleted();
            log.info("Job {} round {}: federated evaluation completed from {} client(s), {} examples, loss {}, accuracy {}",
                    e.jobId(), e.roundNo(), results.size(), f.examples(), String.format(Locale.ROOT, "%.4f", f.loss()),
                    String.format(Locale.ROOT, "%.4f", f.accuracy()));
            finished(e);
        }
        return completed;
    }

    /** Fails an evaluation (conditionally, see {@link EvaluationRepository#transition}) and drops its outstanding clients. */
    private boolean fail(FederatedEvaluation e, String reason, boolean belowQuorum, Integer reportedExactly) {
        Instant now = clock.instant();
        boolean failed = Boolean.TRUE.equals(tx.execute(s -> {
            if (!evaluations.transition(e.id(), e.state(), EvaluationState.FAILED, now, reason, Map.of(), belowQuorum,
                    reportedExactly)) {
                return false;
            }
            participants.dropOutstanding(e.id());
            return true;
        }));
        if (failed) {
            metrics.federatedEvaluationFailed();
            log.warn("Job {} round {}: federated evaluation failed: {}", e.jobId(), e.roundNo(), reason);
            finished(e);
        }
        return failed;
    }

    private void finished(FederatedEvaluation e) {
        signals.signalAll();
        events.publishEvent(new EvaluationEvents.Finished(e.jobId(), e.roundNo()));
    }

    @EventListener
    void onCancelled(JobEvents.Cancelled event) {
        for (FederatedEvaluation e : evaluations.ofJob(event.jobId())) {
            FederatedEvaluation current = e;
            while (current != null && current.state().isOpen() && !fail(current, "job cancelled by an operator", false, null)) {
                current = evaluations.find(e.id()).orElse(null);
            }
        }
    }

    /** At start-up: re-arms the deadlines of the evaluations the database says are open. */
    public int recover() {
        var open = evaluations.open();
        open.forEach(this::arm);
        return open.size();
    }

    /** The periodic safety net: overdue deadlines and ended selection windows, also of other replicas' evaluations. */
    public void sweep() {
        Instant now = clock.instant();
        for (FederatedEvaluation e : evaluations.open()) {
            if (!now.isBefore(e.deadline())) {
                onDeadline(e.id());
            } else if (e.state() == EvaluationState.SELECTION && !now.isBefore(e.selectionDeadline())) {
                progress(e.id());
            }
        }
    }
}
