package org.flotilla.coordinator.round;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import org.flotilla.coordinator.evaluation.EvaluationService;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Picks up where the database says the coordinator stopped: starts CREATED jobs, re-arms the
 * deadlines of open rounds and open federated evaluations, aggregates rounds found in AGGREGATING
 * again (their inputs are durable), and advances RUNNING jobs that have no open round. Then sweeps
 * periodically for overdue deadlines, which also covers rounds and evaluations another replica
 * opened and never saw to the end.
 */
@Component
class RoundRecovery {

    private static final Logger log = LoggerFactory.getLogger(RoundRecovery.class);
    private static final List<RoundState> OPEN = List.of(RoundState.SELECTION, RoundState.TRAINING);

    private final JobRepository jobs;
    private final RoundRepository rounds;
    private final RoundService service;
    private final EvaluationService evaluations;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration sweepInterval;

    RoundRecovery(JobRepository jobs, RoundRepository rounds, RoundService service, EvaluationService evaluations,
                  TaskScheduler scheduler, Clock clock, FlotillaProperties properties) {
        this.jobs = jobs;
        this.rounds = rounds;
        this.service = service;
        this.evaluations = evaluations;
        this.scheduler = scheduler;
        this.clock = clock;
        this.sweepInterval = properties.sweepInterval();
    }

    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        jobs.inState(JobState.CREATED).forEach(j -> service.start(j.id()));
        List<Round> open = rounds.inStates(OPEN);
        open.forEach(service::arm);
        List<Round> aggregating = rounds.inStates(List.of(RoundState.AGGREGATING));
        aggregating.forEach(r -> service.aggregateAsync(r.id()));
        int evaluating = evaluations.recover();
        List<Job> running = jobs.inState(JobState.RUNNING);
        running.forEach(j -> service.advance(j.id()));
        if (!open.isEmpty() || !aggregating.isEmpty() || evaluating > 0) {
            log.info("Recovered {} open and {} aggregating round(s) and {} open federated evaluation(s) of {} running job(s)",
                    open.size(), aggregating.size(), evaluating, running.size());
        }
        scheduler.scheduleWithFixedDelay(this::sweep, clock.instant().plus(sweepInterval), sweepInterval);
    }

    void sweep() {
        try {
            var now = clock.instant();
            for (Round r : rounds.inStates(OPEN)) {
                if (!now.isBefore(r.deadline())) {
                    service.onDeadline(r.id());
                } else if (r.state() == RoundState.SELECTION && !now.isBefore(r.selectionDeadline())) {
                    service.progress(r.id());
                }
            }
            evaluations.sweep();
            jobs.inState(JobState.RUNNING).forEach(j -> service.advance(j.id()));
        } catch (RuntimeException e) {
            log.warn("Deadline sweep failed: {}", e.getMessage());
        }
    }
}
