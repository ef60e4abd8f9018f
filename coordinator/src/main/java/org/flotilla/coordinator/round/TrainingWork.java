package org.flotilla.coordinator.round;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.aggregation.AggregationInput;
import org.flotilla.coordinator.aggregation.AggregationResult;
import org.flotilla.coordinator.aggregation.Aggregator;
import org.flotilla.coordinator.strategy.RoundSeeds;
import org.flotilla.coordinator.aggregation.StoredUpdate;
import org.flotilla.coordinator.cohort.Closing;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortKind;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.cohort.CohortWork;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.cohort.SelectionPolicy;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.privacy.PrivateAggregation;
import org.flotilla.coordinator.privacy.PrivateRounds;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.Assignment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * A training round as a kind of cohort: participants upload updates ({@link UpdateService}); the
 * strategy chooses each participant's settings; closing aggregates the stored updates with the
 * job's strategy and commits the round's result together with the job's new global weights.
 * For a differentially private job only the attempt's Poisson sample may join, every participant
 * is told the attempt's clip norm, and closing goes through the DP step
 * ({@link PrivateRounds}, {@link PrivateAggregation}).
 */
@Component
public class TrainingWork implements CohortWork {

    /** The kind's name: {@code TRAIN}, as the assignment's task. */
    public static final CohortKind KIND = new CohortKind("TRAIN");

    private static final Logger log = LoggerFactory.getLogger(TrainingWork.class);

    private final JobRepository jobs;
    private final CohortRepository cohorts;
    private final UpdateRepository updates;
    private final RoundResults results;
    private final Aggregator aggregator;
    private final PrivateRounds privateRounds;
    private final PrivateAggregation privateAggregation;
    private final FlotillaMetrics metrics;

    TrainingWork(JobRepository jobs, CohortRepository cohorts, UpdateRepository updates, RoundResults results,
                 Aggregator aggregator, PrivateRounds privateRounds, PrivateAggregation privateAggregation,
                 FlotillaMetrics metrics) {
        this.jobs = jobs;
        this.cohorts = cohorts;
        this.updates = updates;
        this.results = results;
        this.aggregator = aggregator;
        this.privateRounds = privateRounds;
        this.privateAggregation = privateAggregation;
        this.metrics = metrics;
    }

    /** How the API names a training cohort's state (the names it always had). */
    public static String stateName(CohortState state) {
        return switch (state) {
            case WORKING -> "TRAINING";
            case CLOSING -> "AGGREGATING";
            default -> state.name();
        };
    }

    @Override
    public CohortKind kind() {
        return KIND;
    }

    @Override
    public boolean acceptsAssignments(Cohort cohort) {
        return jobs.find(cohort.jobId()).map(j -> j.state() == JobState.RUNNING).orElse(false);
    }

    /** A differentially private job's attempt takes only the clients its Poisson sample drew (who have data). */
    @Override
    public SelectionPolicy selection(Cohort c) {
        boolean dp = jobs.find(c.jobId()).map(j -> j.differentialPrivacy() != null).orElse(false);
        if (!dp) {
            return SelectionPolicy.OPEN;
        }
        return (cohort, candidate, lookup) -> candidate.examples() > 0
                && privateRounds.sampled(cohort.jobId(), cohort.roundNo(), cohort.attempt(), candidate.clientId());
    }

    @Override
    public Map<String, Double> clientSettings(Cohort c, String clientId) {
        Job job = jobs.find(c.jobId()).orElseThrow();
        RoundContext context = new RoundContext(job.id(), c.roundNo(), c.selectionTarget(),
                RoundSeeds.of(job.seed(), c.roundNo()));
        Map<String, Double> settings = Strategies.create(job.strategy(), job.strategySettings())
                .configureClient(context, clientId);
        if (job.differentialPrivacy() == null) {
            return settings;
        }
        Map<String, Double> merged = new LinkedHashMap<>(settings);
        merged.putAll(privateRounds.clientSettings(job, c.roundNo(), c.attempt()));
        return merged;
    }

    @Override
    public Assignment assignment(Cohort c, Participant p) {
        Job job = jobs.find(c.jobId()).orElseThrow();
        return new Assignment.Train(job.id(), c.roundNo(), job.planSha256(), c.weightsSha256(), c.deadline(),
                ProtocolPaths.update(job.id(), c.roundNo(), p.clientId()), p.settings(),
                job.bundle() == null ? null : job.bundle().reference(),
                job.planSignature() == null ? null : job.planSignature().signatureSha256());
    }

    @Override
    public String answers() {
        return "update(s)";
    }

    @Override
    public Closing close(Cohort c) {
        Job job = jobs.find(c.jobId()).orElseThrow();
        List<StoredUpdate> stored = updates.ofCohort(c.id()).stream()
                .map(u -> new StoredUpdate(u.clientId(), u.sha256(), u.examples(), u.metrics())).toList();
        // The strategy state carried into this round is what the previous round left, like its weights.
        String stateIn = c.roundNo() == 1 ? null : previous(job.id(), c.roundNo())
                .map(RoundResult::strategyStateSha256).orElse(null);
        AggregationInput input = new AggregationInput(job.id(), c.roundNo(), c.attempt(), c.assigned(), job.seed(),
                job.planSha256(), job.parameterCount(), job.strategy(), job.strategySettings(), c.weightsSha256(), stateIn,
                job.evaluation(), stored);
        AggregationResult res = job.differentialPrivacy() == null ? aggregator.aggregate(input)
                : privateAggregation.aggregate(c.id(), input, job);
        return new Closing.Complete(res.outcome(), () -> {
            results.insert(c.id(), res);
            return jobs.recordRound(job.id(), c.roundNo(), res.weightsSha256(), res.strategyStateSha256(),
                    res.test() == null ? null : res.test().accuracy());
        }, () -> {
            metrics.roundCompleted();
            metrics.aggregationTook(res.aggregationTime());
            if (res.test() != null) {
                metrics.evaluationTook(res.evaluationTime());
            }
            log.info("{} completed: {}{}", c.label(),
                    res.newModel() ? "new model from " + res.participants().size() + " update(s)" : "no new model: " + res.outcome(),
                    res.test() == null ? "" : String.format(Locale.ROOT, ", test accuracy %.4f", res.test().accuracy()));
        });
    }

    @Override
    public void failed(Cohort cohort, String reason) {
        metrics.roundFailed();
    }

    /** The result of the completed attempt of the round before {@code roundNo}. */
    private Optional<RoundResult> previous(long jobId, int roundNo) {
        return cohorts.completed(jobId, KIND, roundNo - 1).flatMap(p -> results.find(p.id()));
    }
}
