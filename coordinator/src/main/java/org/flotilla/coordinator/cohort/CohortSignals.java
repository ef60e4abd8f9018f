package org.flotilla.coordinator.cohort;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes held check-ins when something they might get changed in this process (a cohort opened or
 * closed, a slot freed, or {@link SelectionWatch} saw new slots in the database). It is only a
 * hint: a woken check-in reads the database. A held check-in is a registered callback
 * ({@link LongPolls}), not a waiting thread: no thread, database lock or connection is held while
 * it waits, and registering, signalling one and leaving cost O(1) whatever the number of held
 * check-ins.
 */
@Component
public class CohortSignals {

    private final AtomicLong version = new AtomicLong();
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** Moves at every signal, before any waiter runs. */
    long version() {
        return version.get();
    }

    /** Wakes every waiter. */
    public void signalAll() {
        version.incrementAndGet();
        for (Runnable w : waiting) {
            w.run();
        }
    }

    /**
     * Registers {@code onSignal}, run on the signalling thread at every later signal until it is
     * removed: it must only hand the work on.
     */
    void add(Runnable onSignal) {
        waiting.add(onSignal);
    }

    void remove(Runnable onSignal) {
        waiting.remove(onSignal);
    }

    /** Held check-ins waiting now. */
    int waiting() {
        return waiting.size();
    }

    /** True once the application is shutting down: held check-ins answer at once. */
    boolean isClosing() {
        return closing;
    }

    @EventListener(ContextClosedEvent.class)
    void close() {
        closing = true;
        signalAll();
    }
}
