package org.flotilla.coordinator.evaluation;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.strategy.RoundSeeds;
import org.flotilla.coordinator.cohort.Closing;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortKind;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.cohort.CohortWork;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.EvalResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A federated evaluation as a kind of cohort (Flower's {@code configure_evaluate} /
 * {@code aggregate_evaluate}): participants report examples, loss and accuracy
 * ({@link EvaluationResults}); closing folds them with the job's strategy (example-weighted by
 * default) and records the figures with the job's latest federated accuracy. Looked at first by a
 * checking-in client: evaluations are short and hold their job up.
 */
@Component
public class EvaluationWork implements CohortWork {

    /** The kind's name: {@code EVALUATE}, as the assignment's task. */
    public static final CohortKind KIND = new CohortKind("EVALUATE");

    private static final Logger log = LoggerFactory.getLogger(EvaluationWork.class);

    private final JobRepository jobs;
    private final EvaluationResultRepository results;
    private final FlotillaMetrics metrics;

    EvaluationWork(JobRepository jobs, EvaluationResultRepository results, FlotillaMetrics metrics) {
        this.jobs = jobs;
        this.results = results;
        this.metrics = metrics;
    }

    /** How the API names an evaluation's state (the names it always had; closing is instant). */
    public static String stateName(CohortState state) {
        return switch (state) {
            case WORKING, CLOSING -> "EVALUATING";
            default -> state.name();
        };
    }

    @Override
    public CohortKind kind() {
        return KIND;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean acceptsAssignments(Cohort cohort) {
        return jobs.find(cohort.jobId()).map(j -> j.state() == JobState.RUNNING).orElse(false);
    }

    @Override
    public Assignment assignment(Cohort c, Participant p) {
        Job job = jobs.find(c.jobId()).orElseThrow();
        return new Assignment.Evaluate(job.id(), c.roundNo(), job.planSha256(), c.weightsSha256(), c.deadline(),
                ProtocolPaths.evaluation(job.id(), c.roundNo(), p.clientId()),
                job.bundle() == null ? null : job.bundle().reference(),
                job.planSignature() == null ? null : job.planSignature().signatureSha256());
    }

    @Override
    public String answers() {
        return "result(s)";
    }

    @Override
    public Closing close(Cohort c) {
        Map<String, EvalResult> reported = results.results(c.id());
        Job job = jobs.find(c.jobId()).orElseThrow();
        RoundContext context = new RoundContext(job.id(), c.roundNo(), c.assigned(), RoundSeeds.of(job.seed(), c.roundNo()));
        Optional<EvalResult> figures = Strategies.create(job.strategy(), job.strategySettings())
                .aggregateEvaluation(context, reported);
        if (figures.isEmpty()) {
            return new Closing.Fail("no held-out examples: the " + reported.size()
                    + " reporting client(s) evaluated 0 examples");
        }
        EvalResult f = figures.get();
        return new Closing.Complete(null, () -> {
            results.insertSummary(c.id(), f);
            jobs.recordFederatedAccuracy(c.jobId(), f.accuracy());
            return true;
        }, () -> {
            metrics.federatedEvaluationCompleted();
            log.info("Job {} round {}: federated evaluation completed from {} client(s), {} examples, loss {}, accuracy {}",
                    c.jobId(), c.roundNo(), reported.size(), f.examples(), String.format(Locale.ROOT, "%.4f", f.loss()),
                    String.format(Locale.ROOT, "%.4f", f.accuracy()));
        });
    }

    @Override
    public void failed(Cohort cohort, String reason) {
        metrics.federatedEvaluationFailed();
    }
}
