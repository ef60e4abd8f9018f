package org.flotilla.coordinator.cohort;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Wakes held check-ins when something they might get changed in this process (a cohort opened or closed, a slot freed). It is only a hint: waiters also re-read the database
 * periodically, which is how they see cohorts another replica opened. No database lock is held
 * while waiting. A
 * {@link ReentrantLock} (not {@code synchronized}) keeps waiting virtual threads unpinned.
 */
@Component
public class CohortSignals {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long version;
    private volatile boolean closing;

    /** The current version; pass it to {@link #awaitChange}. */
    long version() {
        lock.lock();
        try {
            return version;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes every waiter. */
    public void signalAll() {
        lock.lock();
        try {
            version++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the version moves past {@code seen}, {@code max} passes, or the context closes. */
    void awaitChange(long seen, Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lock();
        try {
            while (version == seen && nanos > 0 && !closing) {
                nanos = changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
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
