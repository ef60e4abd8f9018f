package org.flotilla.coordinator.events;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;

import org.flotilla.coordinator.client.Client;
import org.flotilla.coordinator.client.ClientService;
import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.coordinator.cohort.CohortRepository;
import org.flotilla.coordinator.cohort.CohortState;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.job.JobRepository;
import org.flotilla.coordinator.job.JobState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The change feed from the database, every {@code flotilla.events.poll-interval} while someone
 * listens. It reads the unfinished cohorts and jobs (and, once they leave that set, their final
 * state) and announces what moved on since last announced: this is how a stream on one replica
 * learns of transitions another replica made, one interval late at most. ({@code participant}
 * events come only from the replica that made the change; a cohort that opens and finishes on
 * another replica within one interval shows only through its job's events.) It also reads the
 * client registry, whose statuses change with time as well as with writes (a client goes
 * OFFLINE by not checking in), and announces each status change as a {@code client} event, on
 * every replica alike. The first reading after a quiet spell is silent: it only sets the marks.
 */
@Component
class ChangePoller {

    private static final Logger log = LoggerFactory.getLogger(ChangePoller.class);
    private static final List<CohortState> UNFINISHED = List.of(CohortState.SELECTION, CohortState.WORKING,
            CohortState.CLOSING);

    private final EventHub hub;
    private final EngineFeed feed;
    private final ChangeTracker tracker;
    private final CohortRepository cohorts;
    private final JobRepository jobs;
    private final ClientService clients;
    private final TaskScheduler scheduler;
    private final EventProperties config;
    private final Clock clock;
    private ScheduledFuture<?> task;
    private boolean seeded;
    private boolean clientsSeeded;

    ChangePoller(EventHub hub, EngineFeed feed, ChangeTracker tracker, CohortRepository cohorts, JobRepository jobs,
                 ClientService clients, TaskScheduler scheduler, EventProperties config, Clock clock) {
        this.hub = hub;
        this.feed = feed;
        this.tracker = tracker;
        this.cohorts = cohorts;
        this.jobs = jobs;
        this.clients = clients;
        this.scheduler = scheduler;
        this.config = config;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::pollSafely, config.pollInterval());
        }
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("Reading changes for the event streams failed: {}", e.toString());
        }
    }

    /** One reading of the database (only while events are recorded). */
    synchronized void poll() {
        if (!hub.active()) {
            if (seeded) {
                tracker.clear();
                seeded = false;
                clientsSeeded = false;
            }
            return;
        }
        boolean announce = seeded;
        seeded = true;
        Instant now = clock.instant();
        Set<Long> open = new HashSet<>();
        for (Cohort c : cohorts.inStates(UNFINISHED)) {
            open.add(c.id());
            feed.cohort(c, now, announce);
        }
        for (long id : tracker.openCohorts()) {
            if (!open.contains(id)) {
                cohorts.find(id).ifPresent(c -> feed.cohort(c, now, announce));
            }
        }
        Set<Long> running = new HashSet<>();
        for (JobState state : List.of(JobState.CREATED, JobState.RUNNING)) {
            for (Job j : jobs.inState(state)) {
                running.add(j.id());
                feed.job(j, now, announce);
            }
        }
        for (long id : tracker.openJobs()) {
            if (!running.contains(id)) {
                jobs.find(id).ifPresent(j -> feed.job(j, now, announce));
            }
        }
        pollClients(now);
    }

    private void pollClients(Instant now) {
        if (!hub.wanted(EventType.CLIENT)) {
            clientsSeeded = false;
            return;
        }
        boolean announce = clientsSeeded;
        clientsSeeded = true;
        for (Client c : clients.list()) {
            String status = c.status().name();
            String before = tracker.client(c.id(), status);
            if (announce && !status.equals(before)) {
                hub.publish(EventType.CLIENT, null, new EventData.ClientChange(c.id(), c.name(), status, before,
                        c.lastSeen(), now));
            }
        }
    }
}
