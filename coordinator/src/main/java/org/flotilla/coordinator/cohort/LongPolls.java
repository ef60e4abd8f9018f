package org.flotilla.coordinator.cohort;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.flotilla.model.wire.Assignment;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Held check-ins without a thread each: a long-poll is a callback registered with
 * {@link CohortSignals} and a timer entry, and its request is served asynchronously (the servlet
 * container keeps the connection, no request thread waits). Each held check-in tries to take a
 * slot ({@link CheckIns#tryAssign}) when it starts, after every signal, and once more when its wait
 * ends, as a parked thread did before: signals while an attempt runs are folded into one more
 * attempt, and attempts of one check-in never run at the same time.
 *
 * <p>A later attempt runs only while some cohort has a free slot ({@link FreeSlots}: one shared
 * reading, not one selection per held check-in), and at most {@link #CONCURRENT_ATTEMPTS} of them
 * run at once, in the order they were woken: a signal that wakes 10,000 held check-ins must not
 * take every database connection from immediate check-ins, uploads and downloads. They run on
 * virtual threads (they only query the database; no tensor work).
 */
@Service
public class LongPolls implements DisposableBean {

    /** One attempt at an assignment for a client; may throw. */
    interface Attempt {
        Optional<Assignment> tryAssign(String clientId, long examples);
    }

    /** Later attempts (after a signal or at the wait's end) running at once, across all held check-ins. */
    static final int CONCURRENT_ATTEMPTS = 4;

    private final Attempt attempt;
    private final CohortSignals signals;
    private final FreeSlots freeSlots;
    private final Semaphore permits = new Semaphore(CONCURRENT_ATTEMPTS, true);
    private final ExecutorService attempts = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("held-check-in-", 0).factory());
    private final ScheduledThreadPoolExecutor timer;

    @Autowired
    LongPolls(CheckIns checkIns, CohortRepository cohorts, CohortSignals signals) {
        this(checkIns::tryAssign, () -> !cohorts.freeSlots().isEmpty(), signals);
    }

    LongPolls(Attempt attempt, BooleanSupplier anyFreeSlot, CohortSignals signals) {
        this.attempt = attempt;
        this.signals = signals;
        this.freeSlots = new FreeSlots(anyFreeSlot, signals);
        this.timer = new ScheduledThreadPoolExecutor(1, Thread.ofPlatform().name("held-check-in-timer").daemon(true).factory());
        this.timer.setRemoveOnCancelPolicy(true);
    }

    /**
     * Long-poll: completes with an assignment as soon as there is one, or empty after
     * {@code wait} (or at shutdown), or exceptionally when an attempt failed. The first attempt
     * runs on the calling thread, so an answer that is there at once is complete on return.
     * Cancelling the result (the client went away) ends the hold.
     */
    public CompletableFuture<Optional<Assignment>> hold(String clientId, long examples, Duration wait) {
        Held held = new Held(clientId, examples);
        signals.add(held);
        if (wait.isNegative() || wait.isZero()) {
            held.expired = true;
        } else {
            held.timeout = timer.schedule(held::expire, wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        held.answer.whenComplete((a, e) -> held.leave());
        held.drain(true);
        return held.answer;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        attempts.shutdown();
    }

    /** One held check-in; {@link #run()} is its signal. */
    private final class Held implements Runnable {

        final String clientId;
        final long examples;
        final CompletableFuture<Optional<Assignment>> answer = new CompletableFuture<>();
        /** Signals not yet answered by an attempt; the first of a batch starts a drain. Starts at 1: the first attempt. */
        final AtomicInteger pending = new AtomicInteger(1);
        volatile boolean expired;
        volatile ScheduledFuture<?> timeout;

        Held(String clientId, long examples) {
            this.clientId = clientId;
            this.examples = examples;
        }

        @Override
        public void run() {
            if (pending.getAndIncrement() == 0) {
                try {
                    attempts.execute(() -> drain(false));
                } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
                    answer.complete(Optional.empty());
                }
            }
        }

        void expire() {
            expired = true;
            run();
        }

        /** Attempts until no signal is left unanswered, or until answered; {@code first} on the request thread. */
        void drain(boolean first) {
            int n;
            do {
                n = pending.get();
                if (answer.isDone()) {
                    return;
                }
                boolean last = expired || signals.isClosing();
                try {
                    Optional<Assignment> a = first ? attempt.tryAssign(clientId, examples) : later();
                    if (a.isPresent() || last) {
                        answer.complete(a);
                        return;
                    }
                } catch (RuntimeException e) {
                    answer.completeExceptionally(e);
                    return;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    answer.complete(Optional.empty());
                    return;
                }
                first = false;
            } while (pending.addAndGet(-n) != 0);
        }

        /** An attempt after a signal or at the wait's end: only with a free slot somewhere, a few at a time. */
        private Optional<Assignment> later() throws InterruptedException {
            if (!freeSlots.any()) {
                return Optional.empty();
            }
            permits.acquire();
            try {
                return freeSlots.any() ? attempt.tryAssign(clientId, examples) : Optional.empty();
            } finally {
                permits.release();
            }
        }

        void leave() {
            signals.remove(this);
            ScheduledFuture<?> t = timeout;
            if (t != null) {
                t.cancel(false);
            }
        }
    }
}
