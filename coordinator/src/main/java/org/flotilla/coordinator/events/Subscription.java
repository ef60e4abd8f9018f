package org.flotilla.coordinator.events;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One stream's queue of events, bounded: the hub offers events without ever waiting, and when the
 * consumer has fallen {@code capacity} events behind the subscription is marked overflowed instead
 * of growing; its stream then ends and the consumer reconnects. A {@link ReentrantLock} (not
 * {@code synchronized}) keeps the waiting virtual thread unpinned.
 */
final class Subscription implements AutoCloseable {

    private final StreamFilter filter;
    private final int capacity;
    private final Runnable onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<FeedEvent> queue = new ArrayDeque<>();
    private final boolean resumed;
    private boolean overflowed;
    private boolean closed;

    Subscription(StreamFilter filter, int capacity, List<FeedEvent> replay, boolean resumed, Runnable onClose) {
        this.filter = filter;
        this.capacity = capacity;
        this.resumed = resumed;
        this.onClose = onClose;
        queue.addAll(replay);
    }

    /** Whether the stream continues exactly after the consumer's {@code Last-Event-ID}. */
    boolean resumed() {
        return resumed;
    }

    /** What this stream carries. */
    StreamFilter filter() {
        return filter;
    }

    /** Queues {@code e} if wanted; marks the subscription overflowed when it is full. Never waits. */
    void offer(FeedEvent e) {
        if (!filter.test(e)) {
            return;
        }
        lock.lock();
        try {
            if (closed || overflowed) {
                return;
            }
            if (queue.size() >= capacity) {
                overflowed = true;
                queue.clear();
            } else {
                queue.add(e);
            }
            ready.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next event, or null when {@code timeout} passed without one, or when the subscription
     * overflowed or was closed (see {@link #isOver()}).
     */
    FeedEvent poll(Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (queue.isEmpty() && !closed && !overflowed && nanos > 0) {
                nanos = ready.awaitNanos(nanos);
            }
            return closed || overflowed ? null : queue.poll();
        } finally {
            lock.unlock();
        }
    }

    /** Whether the stream must end: its consumer fell too far behind, or the hub closed it. */
    boolean isOver() {
        lock.lock();
        try {
            return closed || overflowed;
        } finally {
            lock.unlock();
        }
    }

    /** Whether the consumer fell too far behind. */
    boolean overflowed() {
        lock.lock();
        try {
            return overflowed;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the subscription and wakes its stream; idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }

    /** Events queued now. */
    int queued() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }
}
