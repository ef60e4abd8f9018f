package org.flotilla.simulator;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.flotilla.edge.lifecycle.StopSignal;

/**
 * The job's current round as the simulation last read it from the coordinator, for the virtual
 * devices' availability (online or not in this round), and how many devices are offline now.
 * A lock rather than {@code synchronized}: the waiting threads are virtual.
 */
final class RoundTracker {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final AtomicInteger offline = new AtomicInteger();
    private volatile int current = 1;

    /** The round open now (1 before the job's first round is read). */
    int current() {
        return current;
    }

    /** Records that round {@code round} is open; wakes the devices waiting for a later round. */
    void advance(int round) {
        if (round <= current) {
            return;
        }
        lock.lock();
        try {
            current = round;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits, counted as offline, until a round after {@code round} opens or {@code stop} is requested. */
    void awaitAfter(int round, StopSignal stop) {
        offline.incrementAndGet();
        lock.lock();
        try {
            while (current <= round && !stop.isRequested()) {
                changed.await(1, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.request("interrupted");
        } finally {
            lock.unlock();
            offline.decrementAndGet();
        }
    }

    /** Devices waiting offline now. */
    int offline() {
        return offline.get();
    }
}
