package org.flotilla.coordinator.cohort;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Held check-ins park on {@link CohortSignals}: a signal wakes all of them, a timeout only its own. */
class CohortSignalsTest {

    @Test
    void aSignalWakesEveryWaiterAndATimeoutReturnsAlone() throws Exception {
        CohortSignals signals = new CohortSignals();
        int n = 2_000;
        CountDownLatch woken = new CountDownLatch(n);
        List<Thread> threads = new ArrayList<>();
        long seen = signals.version();
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                try {
                    signals.awaitChange(seen, Duration.ofMinutes(1));
                    woken.countDown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (signals.waiting() < n && System.nanoTime() < until) {
            Thread.sleep(5);
        }
        assertThat(signals.waiting()).isEqualTo(n);

        long t = System.nanoTime();
        signals.awaitChange(signals.version(), Duration.ofMillis(50)); // nobody signals: returns after its own wait
        assertThat(System.nanoTime() - t).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
        assertThat(woken.getCount()).isEqualTo(n);

        signals.signalAll();
        assertThat(woken.await(10, TimeUnit.SECONDS)).isTrue();
        for (Thread th : threads) {
            th.join(1000);
        }
        assertThat(signals.waiting()).isZero();
    }

    @Test
    void aSignalBeforeTheWaitIsNotMissed() throws Exception {
        CohortSignals signals = new CohortSignals();
        long seen = signals.version();
        signals.signalAll();
        long t = System.nanoTime();
        signals.awaitChange(seen, Duration.ofSeconds(30));
        assertThat(System.nanoTime() - t).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
