package org.flotilla.coordinator.cohort;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Picks up where the database says the coordinator stopped, then keeps a periodic safety net: at
 * start-up it re-arms the deadlines of open cohorts and resumes closing ones; every
 * {@code flotilla.sweep-interval} it acts on overdue deadlines and ended selection windows and
 * resumes CLOSING cohorts whose lease is free or expired, which also covers cohorts another replica
 * opened or died closing. Each pass ends with {@link CohortEvents.Swept} (the job runner moves
 * jobs on from it).
 */
@Component
class CohortSweep {

    private static final Logger log = LoggerFactory.getLogger(CohortSweep.class);
    private static final List<CohortState> OPEN = List.of(CohortState.SELECTION, CohortState.WORKING);

    private final CohortRepository cohorts;
    private final CohortService service;
    private final CohortCloser closer;
    private final ApplicationEventPublisher events;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final Duration interval;

    CohortSweep(CohortRepository cohorts, CohortService service, CohortCloser closer, ApplicationEventPublisher events,
                TaskScheduler scheduler, Clock clock, FlotillaProperties properties) {
        this.cohorts = cohorts;
        this.service = service;
        this.closer = closer;
        this.events = events;
        this.scheduler = scheduler;
        this.clock = clock;
        this.interval = properties.sweepInterval();
    }

    @EventListener(ApplicationReadyEvent.class)
    void recover() {
        List<Cohort> open = cohorts.inStates(OPEN);
        open.forEach(service::arm);
        // Leases this replica held before a crash: that process is gone, so its work is resumed now
        // rather than when the lease would have expired.
        for (Cohort c : cohorts.inStates(List.of(CohortState.CLOSING))) {
            if (closer.heldByPredecessor(c.leaseHolder()) && cohorts.releaseLease(c.id(), c.leaseHolder())) {
                log.info("{}: took over the closing lease of this replica's previous process {}", c.label(), c.leaseHolder());
            }
        }
        int closing = resumeClosing();
        if (!open.isEmpty() || closing > 0) {
            log.info("Recovered {} open and {} closing cohort(s)", open.size(), closing);
        }
        events.publishEvent(new CohortEvents.Recovered(open.size(), closing));
        scheduler.scheduleWithFixedDelay(this::sweep, clock.instant().plus(interval), interval);
    }

    void sweep() {
        try {
            Instant now = clock.instant();
            for (Cohort c : cohorts.inStates(OPEN)) {
                if (!now.isBefore(c.deadline())) {
                    service.onDeadline(c.id());
                } else if (c.state() == CohortState.SELECTION && !now.isBefore(c.selectionDeadline())) {
                    service.progress(c.id());
                }
            }
            resumeClosing();
            events.publishEvent(new CohortEvents.Swept());
        } catch (RuntimeException e) {
            log.warn("Cohort sweep failed: {}", e.getMessage());
        }
    }

    /** Hands every CLOSING cohort whose lease is free or expired to the closer; returns how many. */
    private int resumeClosing() {
        Instant now = clock.instant();
        int n = 0;
        for (Cohort c : cohorts.inStates(List.of(CohortState.CLOSING))) {
            if (c.leaseHolder() == null || c.leaseExpiresAt() == null || c.leaseExpiresAt().isBefore(now)) {
                closer.closeAsync(c.id());
                n++;
            }
        }
        return n;
    }
}
