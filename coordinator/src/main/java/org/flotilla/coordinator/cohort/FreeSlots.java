package org.flotilla.coordinator.cohort;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * Whether any cohort is selecting with a free slot, as held check-ins ask before trying again: a
 * held client can only get something from a free slot (its own live assignment it would have got
 * at its first attempt), and slots are only ever taken, never given back, so free slots appear only
 * with a new cohort, which signals ({@link CohortSignals}, or {@link SelectionWatch} for other
 * replicas). One reading is shared by every held check-in: it is read again after each signal and
 * at most {@link #FRESH_NANOS} after the last reading, so 10,000 woken check-ins cost one query,
 * not 10,000 selections, once the cohort is full.
 */
final class FreeSlots {

    /** How long one reading answers for while no signal came. */
    static final long FRESH_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private record Reading(long version, long at, boolean any) {
    }

    private final BooleanSupplier read;
    private final CohortSignals signals;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Reading last;

    FreeSlots(BooleanSupplier read, CohortSignals signals) {
        this.read = read;
        this.signals = signals;
    }

    /** True when some cohort may have a free slot (also when the reading failed). */
    boolean any() {
        Reading r = last;
        if (fresh(r)) {
            return r.any();
        }
        lock.lock();
        try {
            r = last;
            if (fresh(r)) {
                return r.any();
            }
            long version = signals.version(); // before the query: a signal during it makes this reading stale
            long at = System.nanoTime();
            boolean any;
            try {
                any = read.getAsBoolean();
            } catch (RuntimeException e) {
                return true; // let the attempt itself find out
            }
            last = new Reading(version, at, any);
            return any;
        } finally {
            lock.unlock();
        }
    }

    private boolean fresh(Reading r) {
        return r != null && r.version() == signals.version() && System.nanoTime() - r.at() < FRESH_NANOS;
    }
}
