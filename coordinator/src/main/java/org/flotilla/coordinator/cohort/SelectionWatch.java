package org.flotilla.coordinator.cohort;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * What held check-ins would otherwise each poll for: every {@code flotilla.check-in.recheck-interval}
 * one query reads the free selection slots of the cohorts still selecting, and when a cohort has
 * appeared or has more free slots than at the last reading (another replica opened it, or
 * something freed a slot without this process's signal) the held check-ins of this replica are
 * woken. So a replica's held check-ins cost one query per interval between them, not one each,
 * and a cohort another replica opened reaches them within one interval, as before.
 */
@Component
class SelectionWatch {

    private static final Logger log = LoggerFactory.getLogger(SelectionWatch.class);

    private final CohortRepository cohorts;
    private final CohortSignals signals;
    private final TaskScheduler scheduler;
    private final Duration interval;
    private volatile Map<Long, Integer> last = Map.of();
    private ScheduledFuture<?> task;

    SelectionWatch(CohortRepository cohorts, CohortSignals signals, TaskScheduler scheduler, FlotillaProperties properties) {
        this.cohorts = cohorts;
        this.signals = signals;
        this.scheduler = scheduler;
        this.interval = properties.checkIn().recheckInterval();
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::read, interval);
        }
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }

    /** One reading; wakes the held check-ins when a cohort has new free slots. */
    void read() {
        Map<Long, Integer> now;
        try {
            now = cohorts.freeSlots();
        } catch (RuntimeException e) {
            log.debug("reading the selecting cohorts failed: {}", e.toString());
            return;
        }
        if (hasNewSlots(last, now)) {
            signals.signalAll();
        }
        last = now;
    }

    /** True when a cohort of {@code now} was not in {@code before} or has more free slots than it had. */
    static boolean hasNewSlots(Map<Long, Integer> before, Map<Long, Integer> now) {
        for (Map.Entry<Long, Integer> e : now.entrySet()) {
            Integer had = before.get(e.getKey());
            if (had == null || e.getValue() > had) {
                return true;
            }
        }
        return false;
    }
}
