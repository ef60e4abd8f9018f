package org.flotilla.coordinator.client;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What clients declared at their check-ins (cores, examples, platform, version) and when: kept
 * in memory, newest per client, and written to the registry in one transaction every
 * {@code flotilla.check-in.recheck-interval} (and when the coordinator stops), so that a check-in
 * costs no commit of its own. These are a heartbeat for the registry's listing, not something a
 * client was promised: the examples an assignment bounds are recorded with the assignment, in its
 * own transaction. A crash loses at most one interval of them; the listing of this replica shows
 * the newest at once ({@link #pending}).
 */
@Component
class CheckInLog {

    private static final Logger log = LoggerFactory.getLogger(CheckInLog.class);

    /** One check-in's declaration. */
    record Seen(int cores, long examples, String platform, String clientVersion, Instant at) {
    }

    private final ConcurrentHashMap<String, Seen> pending = new ConcurrentHashMap<>();
    private final ClientRepository clients;
    private final TaskScheduler scheduler;
    private final TransactionTemplate tx;
    private final Duration interval;
    private ScheduledFuture<?> task;

    CheckInLog(ClientRepository clients, TaskScheduler scheduler, TransactionTemplate tx, FlotillaProperties properties) {
        this.clients = clients;
        this.scheduler = scheduler;
        this.tx = tx;
        this.interval = properties.checkIn().recheckInterval();
    }

    /** Records a check-in; at most one entry per client is kept (the newest). */
    void record(String clientId, Seen seen) {
        pending.merge(clientId, seen, (old, now) -> now.at().isBefore(old.at()) ? old : now);
    }

    /** The declaration not yet written for {@code clientId}, if any. */
    Optional<Seen> pending(String clientId) {
        return Optional.ofNullable(pending.get(clientId));
    }

    @EventListener(ApplicationReadyEvent.class)
    synchronized void start() {
        if (task == null) {
            task = scheduler.scheduleWithFixedDelay(this::flushQuietly, interval);
        }
    }

    @EventListener(ContextClosedEvent.class)
    synchronized void stop() {
        if (task != null) {
            task.cancel(false);
        }
        flushQuietly();
    }

    /** Writes what is pending in one transaction; an entry replaced meanwhile stays pending. */
    synchronized int flush() {
        if (pending.isEmpty()) {
            return 0;
        }
        List<Map.Entry<String, Seen>> batch = new ArrayList<>(pending.size());
        pending.forEach((id, seen) -> batch.add(Map.entry(id, seen)));
        tx.executeWithoutResult(s -> clients.recordCheckIns(batch));
        batch.forEach(e -> pending.remove(e.getKey(), e.getValue()));
        return batch.size();
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("writing the clients' last check-ins failed, will retry: {}", e.toString());
        }
    }
}
