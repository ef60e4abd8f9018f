package org.flotilla.coordinator.events;

import java.time.Instant;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortEvents;
import org.flotilla.coordinator.cohort.CohortKind;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.evaluation.EvaluationResultRepository;
import org.flotilla.coordinator.evaluation.EvaluationWork;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobEvents;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.round.RoundResults;
import org.flotilla.coordinator.round.TrainingWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Turns this replica's committed changes into events: the engine's cohort transitions and
 * participants' status changes, and the job states. Each listener runs after the commit, in the
 * thread that committed, reads the row it concerns (so events carry the counters as committed) and
 * returns at once when nobody listens. A failure here is logged and never reaches the engine.
 */
@Component
class EngineFeed {

    private static final Logger log = LoggerFactory.getLogger(EngineFeed.class);

    private final EventHub hub;
    private final ChangeTracker tracker;
    private final CohortRepository cohorts;
    private final JobRepository jobs;
    private final RoundResults roundResults;
    private final EvaluationResultRepository evaluationResults;

    EngineFeed(EventHub hub, ChangeTracker tracker, CohortRepository cohorts, JobRepository jobs,
               RoundResults roundResults, EvaluationResultRepository evaluationResults) {
        this.hub = hub;
        this.tracker = tracker;
        this.cohorts = cohorts;
        this.jobs = jobs;
        this.roundResults = roundResults;
        this.evaluationResults = evaluationResults;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onCohort(CohortEvents.StateChanged e) {
        safely("cohort " + e.cohortId(), () -> cohorts.find(e.cohortId()).ifPresent(c -> cohort(c, e.at(), true)));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onParticipant(CohortEvents.ParticipantChanged e) {
        safely("participant " + e.clientId() + " of cohort " + e.cohortId(), () -> cohorts.find(e.cohortId()).ifPresent(c -> {
            hub.publish(EventType.PARTICIPANT, c.jobId(), new EventData.ParticipantChange(c.jobId(), c.kind().name(),
                    c.roundNo(), c.attempt(), e.clientId(), e.status().name(), e.declineReason(), e.at()));
            cohort(c, e.at(), true);
        }));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onJob(JobEvents.StateChanged e) {
        safely("job " + e.jobId(), () -> jobs.find(e.jobId()).ifPresent(j -> job(j, e.at(), true)));
    }

    @EventListener
    void onCreated(JobEvents.Created e) {
        safely("job " + e.jobId(), () -> jobs.find(e.jobId()).ifPresent(j -> job(j, j.createdAt(), true)));
    }

    /**
     * A cohort as read now: announced as a {@code round}, {@code evaluation} or {@code cohort}
     * event if it moved on since last announced (only recorded with {@code announce} false). A
     * completed round also announces its job's progress.
     */
    void cohort(Cohort c, Instant at, boolean announce) {
        if (!tracker.advance(c) || !announce) {
            return;
        }
        hub.publish(typeOf(c.kind()), c.jobId(), change(c, at));
        if (c.state() == CohortState.COMPLETED && c.kind().equals(TrainingWork.KIND)) {
            jobs.find(c.jobId()).ifPresent(j -> job(j, at, true));
        }
    }

    /** A job as read now: announced as a {@code job} event if it moved on since last announced. */
    void job(Job j, Instant at, boolean announce) {
        if (tracker.advance(j) && announce) {
            hub.publish(EventType.JOB, j.id(), jobChange(j, at));
        }
    }

    /** The {@code job} event data of a job as it is. */
    static EventData.JobChange jobChange(Job j, Instant at) {
        return new EventData.JobChange(j.id(), j.name(), j.state(), j.reason(), j.rounds(), j.completedRounds(),
                j.latestTestAccuracy(), j.latestFederatedAccuracy(), at);
    }

    private EventData.CohortChange change(Cohort c, Instant at) {
        boolean completed = c.state() == CohortState.COMPLETED;
        boolean training = c.kind().equals(TrainingWork.KIND);
        boolean evaluation = c.kind().equals(EvaluationWork.KIND);
        String state = training ? TrainingWork.stateName(c.state()) : evaluation ? EvaluationWork.stateName(c.state())
                : c.state().name();
        return new EventData.CohortChange(c.jobId(), c.kind().name(), c.roundNo(), c.attempt(), state, c.assigned(),
                c.reported(), c.declined(), c.wanted(), c.quorum(), c.outcome(), at,
                completed && training ? roundResults.find(c.id()).orElse(null) : null,
                completed && evaluation ? evaluationResults.summary(c.id()).orElse(null) : null);
    }

    private static EventType typeOf(CohortKind kind) {
        return kind.equals(TrainingWork.KIND) ? EventType.ROUND
                : kind.equals(EvaluationWork.KIND) ? EventType.EVALUATION : EventType.COHORT;
    }

    private void safely(String what, Runnable r) {
        if (!hub.accepting()) {
            return;
        }
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Could not announce a change of {}: {}", what, e.toString());
        }
    }
}
