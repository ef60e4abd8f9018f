package org.flotilla.edge.lifecycle;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A one-way "please stop" flag with interruptible waits. Raised once (by the shutdown hook or a
 * test); never cleared. Waiting parts use {@link #sleep} and {@link #await} instead of
 * {@code Thread.sleep} and {@code Future.get}, so that a stop request ends the wait promptly
 * without interrupting threads (an interrupt would also break file channels mid-write).
 */
public final class StopSignal {

    private final CountDownLatch raised = new CountDownLatch(1);
    private volatile String reason;

    /** Raises the signal; later calls keep the first reason. */
    public void request(String why) {
        synchronized (this) {
            if (reason == null) {
                reason = why;
            }
        }
        raised.countDown();
    }

    /** Whether a stop was requested. */
    public boolean isRequested() {
        return raised.getCount() == 0;
    }

    /** Why the stop was requested, or null. */
    public String reason() {
        return reason;
    }

    /**
     * Waits {@code duration} unless a stop is requested first.
     *
     * @return true when the full time passed, false when the wait ended because of a stop
     */
    public boolean sleep(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            return !isRequested();
        }
        try {
            return !raised.await(duration.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            request("interrupted");
            return false;
        }
    }

    /**
     * Waits for {@code future}; a stop request cancels it and raises {@link StoppedException}.
     * An exception thrown by the computation is rethrown as it is when unchecked, so callers see
     * the same types as from a synchronous call.
     */
    public <T> T await(CompletableFuture<T> future) {
        while (true) {
            if (isRequested()) {
                future.cancel(true);
                throw new StoppedException(reason);
            }
            try {
                return future.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // poll the stop flag again
            } catch (CancellationException e) {
                throw new StoppedException(reason == null ? "cancelled" : reason);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                request("interrupted");
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
