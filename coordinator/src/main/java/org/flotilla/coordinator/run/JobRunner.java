package org.flotilla.coordinator.run;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortEvents;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortService;
import org.flotilla.coordinator.cohort.CohortSpec;
import org.flotilla.coordinator.evaluation.EvaluationWork;
import org.flotilla.coordinator.job.FederatedEvaluationPolicy;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobEvents;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.job.RoundPolicy;
import org.flotilla.coordinator.privacy.Opening;
import org.flotilla.coordinator.privacy.PrivateRounds;
import org.flotilla.coordinator.round.RoundEvaluations;
import org.flotilla.coordinator.round.RoundResult;
import org.flotilla.coordinator.round.RoundResults;
import org.flotilla.coordinator.round.TrainingWork;
import org.flotilla.coordinator.secagg.SecureChain;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Runs jobs round by round: every decision about a job's next step is taken here — open the next
 * training round, retry a failed attempt, hold the job for a due federated evaluation, or finish
 * the job, also when a differentially private job's next attempt would exceed its
 * {@code maxEpsilon}. Which clients take part, deadlines, quorum and closing are the cohort engine's.
 * A secure job's round is the chain of its four phases ({@link SecureChain}); the round is done
 * when its unmasking phase completed, and any failed phase fails the attempt.
 */
@Component
class JobRunner {

    private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

    private final JobRepository jobs;
    private final CohortRepository cohorts;
    private final CohortService engine;
    private final RoundResults results;
    private final PrivateRounds privateRounds;
    private final Clock clock;

    JobRunner(JobRepository jobs, CohortRepository cohorts, CohortService engine, RoundResults results,
              PrivateRounds privateRounds, Clock clock) {
        this.jobs = jobs;
        this.cohorts = cohorts;
        this.engine = engine;
        this.results = results;
        this.privateRounds = privateRounds;
        this.clock = clock;
    }

    @EventListener
    void onCreated(JobEvents.Created event) {
        start(event.jobId());
    }

    @EventListener
    void onCancelled(JobEvents.Cancelled event) {
        engine.failAll(event.jobId(), "job cancelled by an operator");
    }

    @EventListener
    void onFinished(CohortEvents.Finished event) {
        advance(event.jobId());
    }

    /** After start-up recovery: start CREATED jobs and move RUNNING ones on. */
    @EventListener
    void onRecovered(CohortEvents.Recovered event) {
        jobs.inState(JobState.CREATED).forEach(j -> start(j.id()));
        jobs.inState(JobState.RUNNING).forEach(j -> advance(j.id()));
    }

    @EventListener
    void onEvaluated(RoundEvaluations.Evaluated event) {
        advance(event.jobId());
    }

    @EventListener
    void onSwept(CohortEvents.Swept event) {
        jobs.inState(JobState.RUNNING).forEach(j -> advance(j.id()));
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
     * due. Does nothing while a round or an evaluation is unfinished; idempotent. A round's
     * server-side evaluation holds the job only when its target accuracy needs the figure, and
     * before the job completes (so its last figures are recorded).
     */
    void advance(long jobId) {
        // The round is read before the job: a COMPLETED round was committed together with the job
        // row, so the job read afterwards is at least as new.
        boolean secure = jobs.secureAggregation(jobId).isPresent();
        Optional<Cohort> latest = secure ? SecureChain.latest(cohorts, jobId) : cohorts.latest(jobId, TrainingWork.KIND);
        Job job = jobs.find(jobId).orElse(null);
        if (job == null || job.state() != JobState.RUNNING) {
            return;
        }
        if (latest.isEmpty()) {
            openRound(job, 1, 1, job.initialWeightsSha256());
            return;
        }
        Cohort last = latest.get();
        if (!last.state().isTerminal()) {
            return;
        }
        if (last.state().isRetriable()) {
            int retries = job.policy().maxRoundRetries();
            if (last.attempt() <= retries) {
                openRound(job, last.roundNo(), last.attempt() + 1, last.weightsSha256());
            } else {
                finish(job, JobState.FAILED, "round " + last.roundNo() + " failed in all " + last.attempt()
                        + " attempt(s) (maxRoundRetries " + retries + "); last attempt: " + last.outcome());
            }
            return;
        }
        if (secure && SecureChain.next(job, last).map(engine::open).isPresent()) {
            return; // the next phase of the secure round; its end calls advance again
        }
        // The server-side evaluation runs after the round's commit (RoundEvaluations) and the next round
        // opens without it, except that the target-accuracy rule decides on this round's own figure: a
        // job with a target waits for it. RoundEvaluations.Evaluated calls advance again.
        if (job.targetAccuracy() != null && results.evaluationPending(jobId, last.roundNo())) {
            return;
        }
        RoundResult result = results.find(last.id()).orElse(RoundResult.NONE);
        Double accuracy = result.testAccuracy() != null ? result.testAccuracy() : job.latestTestAccuracy();
        String done = null;
        if (last.roundNo() >= job.rounds()) {
            done = "all " + job.rounds() + " rounds completed";
        } else if (job.targetAccuracy() != null && accuracy != null && accuracy >= job.targetAccuracy()) {
            done = "target accuracy " + job.targetAccuracy() + " reached after round " + last.roundNo()
                    + " (test accuracy " + String.format(Locale.ROOT, "%.4f", accuracy) + ")";
        } else if (job.differentialPrivacy() != null) {
            // Decided before the federated evaluation, so that the last model is evaluated too.
            done = privateRounds.budgetSpent(job).map(r -> "stopped before round " + (last.roundNo() + 1) + ": " + r)
                    .orElse(null);
        }
        if (done != null && results.evaluationPending(jobId, last.roundNo())) {
            return; // a job completes with every round's server-side figures recorded
        }
        if (evaluationHoldsUp(job, last, result, done != null)) {
            return; // a federated evaluation of the round's weights runs first; its end calls advance again
        }
        if (done != null) {
            finish(job, JobState.COMPLETED, done);
        } else {
            openRound(job, last.roundNo() + 1, 1, result.weightsSha256());
        }
    }

    /**
     * Whether the job must wait for a federated evaluation of {@code round}'s weights: opens it when
     * it is due and not yet opened (idempotent across threads and replicas), and answers true until
     * it has finished. An evaluation is never retried and never fails its job.
     */
    private boolean evaluationHoldsUp(Job job, Cohort round, RoundResult result, boolean last) {
        FederatedEvaluationPolicy p = job.federatedEvaluation();
        if (p == null || !p.isDueAfter(round.roundNo(), last)) {
            return false;
        }
        var existing = cohorts.attempts(job.id(), EvaluationWork.KIND, round.roundNo());
        if (!existing.isEmpty()) {
            return !existing.getLast().state().isTerminal();
        }
        int selection = Math.min(job.policy().selectionTimeoutSeconds(), p.timeoutSeconds());
        engine.open(new CohortSpec(job.id(), EvaluationWork.KIND, round.roundNo(), 1, round.id(), result.weightsSha256(),
                p.clientsPerRound(), p.minClients(), RoundPolicy.selectionTarget(p.clientsPerRound(),
                job.policy().overSelection()), Math.max(1, selection), p.timeoutSeconds()));
        return true;
    }

    private void openRound(Job job, int roundNo, int attempt, String weightsSha256) {
        RoundPolicy p = job.policy();
        if (jobs.secureAggregation(job.id()).isPresent()) {
            engine.open(SecureChain.first(job, roundNo, attempt, weightsSha256));
            return;
        }
        if (job.differentialPrivacy() == null) {
            engine.open(new CohortSpec(job.id(), TrainingWork.KIND, roundNo, attempt, null, weightsSha256,
                    p.clientsPerRound(), p.minClients(), p.selectionTarget(), p.selectionTimeoutSeconds(),
                    p.roundTimeoutSeconds()));
            return;
        }
        switch (privateRounds.open(job, roundNo, attempt)) {
            // Exactly the Poisson sample: every sampled client is wanted, none more is selected, and a
            // quorum of 0 (the noised mean is released whatever the count, so a round never fails on
            // it). An empty sample still wants 1, so its cohort closes at the end of its selection window.
            case Opening.Sampled s -> engine.open(new CohortSpec(job.id(), TrainingWork.KIND, roundNo, attempt, null,
                    weightsSha256, Math.max(1, s.size()), 0, Math.max(1, s.size()), p.selectionTimeoutSeconds(),
                    p.roundTimeoutSeconds()));
            case Opening.BudgetSpent b -> finish(job, JobState.COMPLETED, "stopped before round " + roundNo
                    + (attempt > 1 ? " attempt " + attempt : "") + ": " + b.reason());
        }
    }

    private void finish(Job job, JobState to, String reason) {
        if (jobs.transition(job.id(), JobState.RUNNING, to, reason, clock.instant())) {
            log.info("Job {} {}: {}", job.id(), to, reason);
        }
    }
}
