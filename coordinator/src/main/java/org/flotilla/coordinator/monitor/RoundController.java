package org.flotilla.coordinator.monitor;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.Participant;
import org.flotilla.coordinator.cohort.ParticipantRepository;
import org.flotilla.coordinator.cohort.ParticipantStatus;
import org.flotilla.coordinator.cohort.Refusals;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.privacy.PrivacyViews;
import org.flotilla.coordinator.privacy.RoundPrivacy;
import org.flotilla.coordinator.round.RoundResult;
import org.flotilla.coordinator.round.RoundResults;
import org.flotilla.coordinator.round.TrainingWork;
import org.flotilla.coordinator.round.UpdateRecord;
import org.flotilla.coordinator.round.UpdateRepository;
import org.flotilla.coordinator.system.NotFound;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Monitoring: a job's rounds with their figures (server-side and federated evaluation), and one round in detail. */
@RestController
@RequestMapping("/api/v1/jobs/{jobId}/rounds")
class RoundController {

    private final JobRepository jobs;
    private final CohortRepository cohorts;
    private final ParticipantRepository participants;
    private final RoundResults results;
    private final UpdateRepository updates;
    private final Refusals refusals;
    private final ArtifactStore store;
    private final EvaluationViews evaluations;
    private final PrivacyViews privacy;
    private final SecureRoundReader secure;

    RoundController(JobRepository jobs, CohortRepository cohorts, ParticipantRepository participants, RoundResults results,
                    UpdateRepository updates, Refusals refusals, ArtifactStore store, EvaluationViews evaluations,
                    PrivacyViews privacy, SecureRoundReader secure) {
        this.jobs = jobs;
        this.cohorts = cohorts;
        this.participants = participants;
        this.results = results;
        this.updates = updates;
        this.refusals = refusals;
        this.store = store;
        this.evaluations = evaluations;
        this.privacy = privacy;
        this.secure = secure;
    }

    @GetMapping
    List<RoundViews.Summary> list(@PathVariable long jobId) {
        requireJob(jobId);
        Map<Long, Map<ParticipantStatus, Integer>> counts = participants.statusCounts(jobId, TrainingWork.KIND);
        Map<Long, EvaluationViews.Summary> federated = evaluations.byRoundAttempt(jobId);
        Map<String, RoundPrivacy> spent = privacy.ofJob(jobId);
        if (isSecure(jobId)) {
            Map<Long, Map<ParticipantStatus, Integer>> phaseCounts = secure.counts(jobId);
            return secure.attempts(jobId).stream().map(a -> secure.summary(a, phaseCounts, federated.get(a.getLast().id()),
                    spent.get(PrivacyViews.key(a.getFirst().roundNo(), a.getFirst().attempt())))).toList();
        }
        return cohorts.ofJob(jobId, TrainingWork.KIND).stream()
                .map(r -> RoundViews.summary(r, result(r), counts.get(r.id()), federated.get(r.id()),
                        spent.get(PrivacyViews.key(r.roundNo(), r.attempt())))).toList();
    }

    @GetMapping("/{round}")
    RoundViews.Detail get(@PathVariable long jobId, @PathVariable int round) {
        requireJob(jobId);
        if (isSecure(jobId)) {
            return secureRound(jobId, round);
        }
        List<Cohort> attempts = cohorts.attempts(jobId, TrainingWork.KIND, round);
        if (attempts.isEmpty()) {
            throw new NotFound("round " + round + " of job " + jobId);
        }
        Map<Long, Map<ParticipantStatus, Integer>> counts = participants.statusCounts(jobId, TrainingWork.KIND);
        Map<Long, EvaluationViews.Summary> federated = evaluations.byRoundAttempt(jobId);
        Map<String, RoundPrivacy> spent = privacy.ofJob(jobId);
        List<RoundViews.Attempt> details = attempts.stream().map(r -> {
            // Participants first, then their updates: an update is committed with its REPORTED
            // status, so every participant read as REPORTED finds its update in the later read.
            List<Participant> assigned = participants.ofCohort(r.id());
            Map<String, UpdateRecord> byClient = new HashMap<>();
            updates.ofCohort(r.id()).forEach(u -> byClient.put(u.clientId(), u));
            List<RoundViews.ParticipantView> people = assigned.stream().map(p -> {
                UpdateRecord u = byClient.get(p.clientId());
                return new RoundViews.ParticipantView(p.clientId(), p.status(), p.assignedAt(), p.answeredAt(), p.settings(),
                        p.declineReason(), p.declineDetail(), u == null ? null
                        : new RoundViews.UpdateView(u.sha256(), u.sizeBytes(), u.examples(), u.receivedAt(), u.metrics(), false));
            }).toList();
            RoundResult result = result(r);
            return new RoundViews.Attempt(RoundViews.summary(r, result, counts.get(r.id()), federated.get(r.id()),
                    spent.get(PrivacyViews.key(r.roundNo(), r.attempt()))), people, RoundViews.provenance(store, result), null);
        }).toList();
        return new RoundViews.Detail(jobId, round, details, refusals.of(jobId, round, TrainingWork.KIND),
                evaluations.detail(jobId, round).orElse(null));
    }

    private RoundViews.Detail secureRound(long jobId, int round) {
        List<List<Cohort>> attempts = secure.attempts(jobId).stream().filter(a -> a.getFirst().roundNo() == round).toList();
        if (attempts.isEmpty()) {
            throw new NotFound("round " + round + " of job " + jobId);
        }
        Map<Long, Map<ParticipantStatus, Integer>> counts = secure.counts(jobId);
        Map<Long, EvaluationViews.Summary> federated = evaluations.byRoundAttempt(jobId);
        Map<String, RoundPrivacy> spent = privacy.ofJob(jobId);
        List<RoundViews.Attempt> details = attempts.stream().map(a -> secure.attempt(a, counts,
                federated.get(a.getLast().id()), spent.get(PrivacyViews.key(round, a.getFirst().attempt())))).toList();
        return new RoundViews.Detail(jobId, round, details, secure.rejections(jobId, round),
                evaluations.detail(jobId, round).orElse(null));
    }

    private boolean isSecure(long jobId) {
        return jobs.secureAggregation(jobId).isPresent();
    }

    private RoundResult result(Cohort r) {
        return results.find(r.id()).orElse(RoundResult.NONE);
    }

    private void requireJob(long jobId) {
        if (jobs.find(jobId).isEmpty()) {
            throw new NotFound("job " + jobId);
        }
    }
}
