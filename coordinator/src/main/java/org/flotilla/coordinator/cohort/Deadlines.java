package org.flotilla.coordinator.cohort;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Arms cohort deadlines on the {@link TaskScheduler}. Handlers re-read the cohort and act only if
 * it is still in the state the deadline is about, so firing twice (after a restart re-arms, or on
 * two replicas) is harmless.
 */
@Component
class Deadlines {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    private final TaskScheduler scheduler;

    Deadlines(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@code action} at {@code when} (at once if that has passed). */
    void at(Instant when, String what, Runnable action) {
        scheduler.schedule(() -> {
            try {
                action.run();
            } catch (Throwable e) {
                log.error("Deadline handler for {} failed", what, e);
            }
        }, when);
    }
}
