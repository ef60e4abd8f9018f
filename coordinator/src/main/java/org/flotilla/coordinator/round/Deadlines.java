package org.flotilla.coordinator.round;

import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * Arms round and evaluation deadlines on the {@link TaskScheduler}. Handlers re-read the round and act only if
 * it is still in the state the deadline is about, so firing twice (after a restart re-arms, or on
 * two replicas) is harmless.
 */
@Component
public class Deadlines {

    private static final Logger log = LoggerFactory.getLogger(Deadlines.class);

    private final TaskScheduler scheduler;

    Deadlines(TaskScheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs {@code action} at {@code when} (at once if that has passed). */
    public void at(Instant when, String what, Runnable action) {
        scheduler.schedule(() -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                log.error("Deadline handler for {} failed", what, e);
            }
        }, when);
    }
}
