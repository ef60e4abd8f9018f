package org.flotilla.coordinator.secagg;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.aggregation.AggregationInput;
import org.flotilla.coordinator.aggregation.AggregationResult;
import org.flotilla.coordinator.aggregation.Aggregator;
import org.flotilla.coordinator.aggregation.StoredUpdate;
import org.flotilla.coordinator.cohort.Closing;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortKind;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortWork;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.cohort.SelectionPolicy;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.round.RoundResult;
import org.flotilla.coordinator.round.RoundResults;
import org.flotilla.coordinator.strategy.RoundContext;
import org.flotilla.coordinator.strategy.RoundSeeds;
import org.flotilla.coordinator.strategy.Strategies;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.SecureAssignment;
import org.flotilla.secagg.server.PhaseOutcome;
import org.flotilla.secagg.server.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One phase of a secure round as a kind of cohort work (Bell et al. 2020, SecAgg+; Bonawitz et al.
 * 2017). Phase 0 is open to any client with data; every later phase admits only the survivors of
 * the one before ({@link SelectionPolicy#survivorsOf}), and its requests were computed and stored
 * by the closing of that phase, so every replica hands out the same ones. Closing replays the
 * stored messages into the library's server session ({@link SecureState}) and closes the phase;
 * the session so closed goes on as the next phase's ({@link OpenedSessions#handOver}). The
 * unmasking phase ends the round: the survivors' weighted mean goes to the job's mean-based
 * strategy through {@link Aggregator#aggregateMean}, with the server-side evaluation and
 * provenance of a plain round, and is committed as the round's result. A protocol failure (fewer
 * than t survivors, a bad share) fails the cohort, and with it the attempt.
 */
class SecurePhaseWork implements CohortWork {

    private static final Logger log = LoggerFactory.getLogger(SecurePhaseWork.class);

    private final SecurePhase phase;
    private final JobRepository jobs;
    private final CohortRepository cohorts;
    private final SecureState state;
    private final OpenedSessions sessions;
    private final SecureRecords records;
    private final Aggregator aggregator;
    private final RoundResults results;
    private final FlotillaMetrics metrics;

    SecurePhaseWork(SecurePhase phase, JobRepository jobs, CohortRepository cohorts, SecureState state,
                    OpenedSessions sessions, SecureRecords records, Aggregator aggregator, RoundResults results,
                    FlotillaMetrics metrics) {
        this.phase = phase;
        this.jobs = jobs;
        this.cohorts = cohorts;
        this.state = state;
        this.sessions = sessions;
        this.records = records;
        this.aggregator = aggregator;
        this.results = results;
        this.metrics = metrics;
    }

    /** The path segment of this phase's answers ({@link ProtocolPaths#secureAggregation}). */
    static String segment(SecurePhase phase) {
        return switch (phase) {
            case ADVERTISE_KEYS -> "keys";
            case SHARE_KEYS -> "shares";
            case MASKED_INPUT -> "masked";
            case UNMASKING -> "unmask";
        };
    }

    @Override
    public CohortKind kind() {
        return phase.kind();
    }

    @Override
    public int priority() {
        // A later phase holds a round up and is short: looked at before new work.
        return 50 - phase.ordinal();
    }

    @Override
    public boolean acceptsAssignments(Cohort cohort) {
        return jobs.find(cohort.jobId()).map(j -> j.state() == JobState.RUNNING).orElse(false);
    }

    @Override
    public SelectionPolicy selection(Cohort cohort) {
        return phase == SecurePhase.ADVERTISE_KEYS ? SelectionPolicy.OPEN : SelectionPolicy.survivorsOf(cohort.parentId());
    }

    @Override
    public Map<String, Double> clientSettings(Cohort c, String clientId) {
        if (phase != SecurePhase.MASKED_INPUT) {
            return Map.of();
        }
        Job job = jobs.find(c.jobId()).orElseThrow();
        RoundContext context = new RoundContext(job.id(), c.roundNo(), c.selectionTarget(),
                RoundSeeds.of(job.seed(), c.roundNo()));
        return Strategies.create(job.strategy(), job.strategySettings()).configureClient(context, clientId);
    }

    @Override
    public Assignment assignment(Cohort c, Participant p) {
        Job job = jobs.find(c.jobId()).orElseThrow();
        String path = ProtocolPaths.secureAggregation(job.id(), c.roundNo(), segment(phase), p.clientId());
        return switch (phase) {
            case ADVERTISE_KEYS -> new SecureAssignment.Keys(job.id(), c.roundNo(), job.planSha256(), c.weightsSha256(),
                    c.deadline(), path, state.round(c).setup());
            case SHARE_KEYS -> new SecureAssignment.Shares(job.id(), c.roundNo(), job.planSha256(), c.weightsSha256(),
                    c.deadline(), path, request(c, p));
            case MASKED_INPUT -> new SecureAssignment.Masked(job.id(), c.roundNo(), job.planSha256(), c.weightsSha256(),
                    c.deadline(), path, p.settings(), request(c, p));
            case UNMASKING -> new SecureAssignment.Unmask(job.id(), c.roundNo(), job.planSha256(), c.weightsSha256(),
                    c.deadline(), path, request(c, p));
        };
    }

    private String request(Cohort c, Participant p) {
        return records.request(c.parentId(), p.clientId()).orElseThrow(() -> new IllegalStateException(
                c.label() + ": no request stored for " + p.clientId()));
    }

    @Override
    public String answers() {
        return switch (phase) {
            case ADVERTISE_KEYS -> "key advertisement(s)";
            case SHARE_KEYS -> "sealed share set(s)";
            case MASKED_INPUT -> "masked input(s)";
            case UNMASKING -> "unmask response(s)";
        };
    }

    /**
     * Only the unmasking phase's closing does tensor work (the strategy and the server-side
     * evaluation); the phases before are protocol bookkeeping and modular sums, which must not
     * wait behind the previous round's evaluation on the tensor pool.
     */
    @Override
    public boolean closesWithTensors() {
        return phase == SecurePhase.UNMASKING;
    }

    /** The unmasking phase may close as soon as every needed secret has t shares. */
    @Override
    public boolean enoughAnswers(Cohort c) {
        return phase == SecurePhase.UNMASKING && state.unmaskingReady(c);
    }

    @Override
    public Closing close(Cohort c) {
        ServerReplay.Rebuilt rebuilt = state.rebuild(c, true);
        if (rebuilt.failure().isPresent()) {
            return new Closing.Fail(SecureMean.describe(rebuilt.failure().get()));
        }
        ServerSession s = rebuilt.session();
        if (phase == SecurePhase.UNMASKING) {
            return finish(c, s);
        }
        PhaseOutcome outcome = switch (phase) {
            case ADVERTISE_KEYS -> s.closeKeys();
            case SHARE_KEYS -> s.closeShares();
            default -> s.closeMaskedInput();
        };
        if (outcome instanceof PhaseOutcome.Failed(var failure)) {
            return new Closing.Fail(SecureMean.describe(failure));
        }
        Map<String, String> next = new LinkedHashMap<>();
        switch (phase) {
            case ADVERTISE_KEYS -> s.participation().advertised().forEach(id -> next.put(id, s.shareKeysRequest(id).toJson()));
            case SHARE_KEYS -> s.participation().shared().forEach(id -> next.put(id, s.forwardedShares(id).toJson()));
            default -> s.participation().masked().forEach(id -> next.put(id, s.unmaskRequest(id).toJson()));
        }
        return new Closing.Complete(null, () -> {
            records.insertRequests(c.id(), next);
            return true;
        }, () -> {
            // Committed: this closed session is the next phase's session as it opens (OpenedSessions).
            sessions.handOver(c.id(), new ServerReplay.Rebuilt(s, Optional.empty()));
            log.info("{} completed: {} survivor(s) go on", c.label(), next.size());
        });
    }

    private Closing finish(Cohort c, ServerSession s) {
        SecureMean result = SecureMean.of(s.finish());
        if (!(result instanceof SecureMean.Mean mean)) {
            return new Closing.Fail(((SecureMean.Failed) result).reason());
        }
        Job job = jobs.find(c.jobId()).orElseThrow();
        List<Cohort> chain = state.chain(c);
        Cohort keys = chain.getFirst();
        // What is stored of the round: the masked inputs (artifacts of kind update), never an update in the clear.
        List<StoredUpdate> masked = records.messages(chain.get(2).id()).stream()
                .map(m -> new StoredUpdate(m.clientId(), m.sha256(), 0, null)).toList();
        String stateIn = c.roundNo() == 1 ? null : previous(job.id(), c.roundNo())
                .map(RoundResult::strategyStateSha256).orElse(null);
        AggregationResult res = aggregator.aggregateMean(new AggregationInput(job.id(), c.roundNo(), c.attempt(),
                keys.assigned(), job.seed(), job.planSha256(), job.parameterCount(), job.strategy(),
                job.strategySettings(), c.weightsSha256(), stateIn, job.evaluation(), masked), mean.mean(),
                mean.totalWeight());
        return new Closing.Complete(res.outcome(), () -> {
            results.insert(c.id(), res);
            return jobs.recordRound(job.id(), c.roundNo(), res.weightsSha256(), res.strategyStateSha256(),
                    res.test() == null ? null : res.test().accuracy());
        }, () -> {
            metrics.roundCompleted();
            metrics.aggregationTook(res.aggregationTime());
            log.info("{} completed: secure aggregate of {} masked input(s){}", c.label(), masked.size(),
                    res.test() == null ? "" : String.format(Locale.ROOT, ", test accuracy %.4f", res.test().accuracy()));
        });
    }

    @Override
    public void failed(Cohort cohort, String reason) {
        metrics.roundFailed();
    }

    /** The result of the completed secure round before {@code roundNo}. */
    private Optional<RoundResult> previous(long jobId, int roundNo) {
        return cohorts.completed(jobId, SecurePhase.UNMASKING.kind(), roundNo - 1).flatMap(p -> results.find(p.id()));
    }
}
