package org.flotilla.coordinator.round;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.evaluation.EvaluationViews;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.system.ApiException;
import org.flotilla.coordinator.update.UpdateRecord;
import org.flotilla.coordinator.update.UpdateRepository;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Monitoring: a job's rounds with their figures (server-side and federated evaluation), and one round in detail. */
@RestController
@RequestMapping("/api/v1/jobs/{jobId}/rounds")
class RoundController {

    private final JobRepository jobs;
    private final RoundRepository rounds;
    private final ParticipantRepository participants;
    private final UpdateRepository updates;
    private final ArtifactStore store;
    private final EvaluationViews evaluations;

    RoundController(JobRepository jobs, RoundRepository rounds, ParticipantRepository participants,
                    UpdateRepository updates, ArtifactStore store, EvaluationViews evaluations) {
        this.jobs = jobs;
        this.rounds = rounds;
        this.participants = participants;
        this.updates = updates;
        this.store = store;
        this.evaluations = evaluations;
    }

    @GetMapping
    List<RoundViews.Summary> list(@PathVariable long jobId) {
        requireJob(jobId);
        Map<Long, Map<ParticipantStatus, Integer>> counts = participants.statusCounts(jobId);
        Map<Long, EvaluationViews.Summary> federated = evaluations.byRoundAttempt(jobId);
        return rounds.ofJob(jobId).stream().map(r -> RoundViews.summary(r, counts.get(r.id()), federated.get(r.id()))).toList();
    }

    @GetMapping("/{round}")
    RoundViews.Detail get(@PathVariable long jobId, @PathVariable int round) {
        requireJob(jobId);
        List<Round> attempts = rounds.attempts(jobId, round);
        if (attempts.isEmpty()) {
            throw ApiException.notFound("round " + round + " of job " + jobId);
        }
        Map<Long, Map<ParticipantStatus, Integer>> counts = participants.statusCounts(jobId);
        Map<Long, EvaluationViews.Summary> federated = evaluations.byRoundAttempt(jobId);
        List<RoundViews.Attempt> details = attempts.stream().map(r -> {
            Map<String, UpdateRecord> byClient = new HashMap<>();
            updates.ofRound(r.id()).forEach(u -> byClient.put(u.clientId(), u));
            List<RoundViews.ParticipantView> people = participants.ofRound(r.id()).stream().map(p -> {
                UpdateRecord u = byClient.get(p.clientId());
                return new RoundViews.ParticipantView(p.clientId(), p.status(), p.assignedAt(), p.answeredAt(), p.settings(),
                        p.declineReason(), p.declineDetail(), u == null ? null
                        : new RoundViews.UpdateView(u.sha256(), u.sizeBytes(), u.examples(), u.receivedAt(), u.metrics()));
            }).toList();
            return new RoundViews.Attempt(RoundViews.summary(r, counts.get(r.id()), federated.get(r.id())), people,
                    RoundViews.provenance(store, r));
        }).toList();
        return new RoundViews.Detail(jobId, round, details, updates.rejections(jobId, round),
                evaluations.detail(jobId, round).orElse(null));
    }

    private void requireJob(long jobId) {
        if (jobs.find(jobId).isEmpty()) {
            throw ApiException.notFound("job " + jobId);
        }
    }
}
