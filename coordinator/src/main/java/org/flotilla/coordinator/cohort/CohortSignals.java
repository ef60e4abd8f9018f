package org.flotilla.coordinator.cohort;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes held check-ins when something they might get changed in this process (a cohort opened or
 * closed, a slot freed, or {@link SelectionWatch} saw new slots in the database). It is only a
 * hint: a woken check-in reads the database. No database lock or connection is held while
 * waiting, and a waiting virtual thread is parked, so it holds no platform thread.
 *
 * <p>Each waiter registers its own thread and parks; a signal bumps the version and unparks the
 * registered threads. Registering, timing out and leaving cost O(1) whatever the number of held
 * check-ins (a single {@code Condition} shared by 10,000 waiters made every timed-out wait scan
 * the whole wait queue: O(N²) per wait period).
 */
@Component
public class CohortSignals {

    private final AtomicLong version = new AtomicLong();
    private final Set<Thread> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closing;

    /** The current version; pass it to {@link #awaitChange}. */
    long version() {
        return version.get();
    }

    /** Wakes every waiter. */
    public void signalAll() {
        version.incrementAndGet();
        for (Thread t : waiting) {
            LockSupport.unpark(t);
        }
    }

    /** Waits until the version moves past {@code seen}, {@code max} passes, or the context closes. */
    void awaitChange(long seen, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        Thread me = Thread.currentThread();
        // Registered before the version is read: a signal after that read finds this thread and
        // unparks it, and an unpark before the park makes the park return at once.
        waiting.add(me);
        try {
            while (version.get() == seen && !closing) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
        } finally {
            waiting.remove(me);
        }
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
