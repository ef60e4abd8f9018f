package org.flotilla.coordinator.cohort;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Held check-ins are callbacks on {@link CohortSignals}: a signal makes every one of them try
 * again, a wait's end answers only its own check-in, and attempts of one check-in never overlap.
 */
class LongPollsTest {

    private static final Assignment WORK = new Assignment.Train(1, 1, "p".repeat(64), "w".repeat(64),
            Instant.parse("2026-12-02T12:00:00Z"), "/u", Map.of(), null, null);

    private final CohortSignals signals = new CohortSignals();
    /** Clients that get an assignment at their next attempt. */
    private final Map<String, Boolean> open = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final AtomicInteger running = new AtomicInteger();
    private final Map<String, AtomicInteger> runningFor = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();
    private volatile boolean anyFreeSlot = true;
    private final AtomicInteger slotReadings = new AtomicInteger();
    private volatile CountDownLatch slowAttempt = new CountDownLatch(0);
    private final LongPolls polls = new LongPolls(this::attempt, this::anyFreeSlot, signals);

    private boolean anyFreeSlot() {
        slotReadings.incrementAndGet();
        return anyFreeSlot;
    }

    private Optional<Assignment> attempt(String clientId, long examples) {
        mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
        AtomicInteger mine = runningFor.computeIfAbsent(clientId, k -> new AtomicInteger());
        if (mine.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            attempts.computeIfAbsent(clientId, k -> new AtomicInteger()).incrementAndGet();
            slowAttempt.await(10, TimeUnit.SECONDS);
            return open.containsKey(clientId) ? Optional.of(WORK) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            mine.decrementAndGet();
            running.decrementAndGet();
        }
    }

    @AfterEach
    void stop() {
        polls.destroy();
    }

    @Test
    void aSignalMakesEveryHeldCheckInTryAgainAndTheOpenOnesAreAnswered() throws Exception {
        // Prepare: 2,000 held, no thread each
        int n = 2_000;
        List<CompletableFuture<Optional<Assignment>>> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(polls.hold("c" + i, 1, Duration.ofMinutes(1)));
        }
        assertThat(signals.waiting()).isEqualTo(n);
        assertThat(held).noneMatch(CompletableFuture::isDone);

        // Execute: half of them may now get work
        for (int i = 0; i < n; i += 2) {
            open.put("c" + i, true);
        }
        signals.signalAll();

        // Assert
        for (int i = 0; i < n; i += 2) {
            assertThat(held.get(i).get(10, TimeUnit.SECONDS)).contains(WORK);
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.values().stream().mapToInt(AtomicInteger::get).sum() < 2 * n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        for (int i = 1; i < n; i += 2) {
            assertThat(held.get(i)).isNotDone();
            assertThat(attempts.get("c" + i)).hasValue(2);
        }
        assertThat(signals.waiting()).isEqualTo(n / 2);
        assertThat(mostAtOnce.get()).isLessThanOrEqualTo(LongPolls.CONCURRENT_ATTEMPTS);
    }

    @Test
    void withoutAFreeSlotASignalCostsOneReadingAndNoAttempts() throws Exception {
        // Prepare
        int n = 500;
        List<CompletableFuture<Optional<Assignment>>> held = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            held.add(polls.hold("c" + i, 1, Duration.ofMillis(i == 0 ? 300 : 60_000)));
        }
        anyFreeSlot = false;

        // Execute
        signals.signalAll();

        // Assert: woken, but only the shared reading ran; the shortest wait ends empty without an attempt
        assertThat(held.getFirst().get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(attempts.values().stream().mapToInt(AtomicInteger::get).sum()).isEqualTo(n);
        assertThat(slotReadings.get()).isBetween(1, 5);
        anyFreeSlot = true;
        open.put("c7", true);
        signals.signalAll();
        assertThat(held.get(7).get(10, TimeUnit.SECONDS)).contains(WORK);
    }

    @Test
    void aWaitsEndAnswersOnlyItsOwnCheckInEmptyAfterOneLastAttempt() throws Exception {
        CompletableFuture<Optional<Assignment>> longer = polls.hold("a", 1, Duration.ofMinutes(1));
        long t = System.nanoTime();
        CompletableFuture<Optional<Assignment>> shorter = polls.hold("b", 1, Duration.ofMillis(200));

        assertThat(shorter.get(10, TimeUnit.SECONDS)).isEmpty();

        assertThat(System.nanoTime() - t).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(200));
        assertThat(attempts.get("b")).hasValue(2);
        assertThat(longer).isNotDone();
        assertThat(signals.waiting()).isEqualTo(1);
    }

    @Test
    void withoutAWaitOneAttemptAnswersOnTheCallersThread() throws Exception {
        open.put("now", true);
        assertThat(polls.hold("now", 1, Duration.ZERO)).isCompletedWithValue(Optional.of(WORK));
        assertThat(polls.hold("nothing", 1, Duration.ZERO)).isCompletedWithValue(Optional.empty());
        assertThat(attempts.get("nothing")).hasValue(1);
        assertThat(signals.waiting()).isZero();
    }

    @Test
    void signalsDuringAnAttemptAreFoldedIntoOneMoreAttemptNeverAConcurrentOne() throws Exception {
        CompletableFuture<Optional<Assignment>> held = polls.hold("x", 1, Duration.ofMinutes(1));
        slowAttempt = new CountDownLatch(1);
        signals.signalAll(); // starts an attempt that waits on the latch
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (running.get() == 0 && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        for (int i = 0; i < 50; i++) {
            signals.signalAll();
        }
        slowAttempt.countDown();
        until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (attempts.get("x").get() < 3 && System.nanoTime() < until) {
            Thread.sleep(1);
        }
        Thread.sleep(100);

        assertThat(attempts.get("x")).hasValue(3); // at the start, the first signal, once for the 50 others
        assertThat(held).isNotDone();
        assertThat(overlaps).hasValue(0);
        open.put("x", true);
        signals.signalAll();
        assertThat(held.get(10, TimeUnit.SECONDS)).contains(WORK);
    }

    @Test
    void aCancelledHoldLeavesAndShutdownAnswersTheRestAtOnce() throws Exception {
        CompletableFuture<Optional<Assignment>> gone = polls.hold("gone", 1, Duration.ofMinutes(1));
        CompletableFuture<Optional<Assignment>> stays = polls.hold("stays", 1, Duration.ofMinutes(1));

        gone.cancel(false);
        assertThat(signals.waiting()).isEqualTo(1);
        signals.close();

        assertThat(stays.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(attempts.get("gone")).hasValue(1);
    }

    @Test
    void aFailedAttemptFailsTheCheckIn() {
        LongPolls failing = new LongPolls((id, ex) -> {
            throw new IllegalStateException("database down");
        }, () -> true, signals);
        try {
            CompletableFuture<Optional<Assignment>> held = failing.hold("f", 1, Duration.ofMinutes(1));
            assertThat(held).isCompletedExceptionally();
            try {
                held.get();
            } catch (ExecutionException | InterruptedException e) {
                assertThat(e).hasRootCauseMessage("database down");
            }
            assertThat(signals.waiting()).isZero();
        } finally {
            failing.destroy();
        }
    }
}
