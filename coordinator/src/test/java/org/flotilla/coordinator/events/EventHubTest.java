package org.flotilla.coordinator.events;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flotilla.coordinator.system.FlotillaMetrics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The hub's bounds: a consumer that falls a buffer behind is dropped, and history is bounded. */
class EventHubTest {

    private static final StreamFilter ROUNDS = new StreamFilter(null, Set.of(EventType.ROUND));

    private static EventHub hub(int buffer, int history) {
        return new EventHub(new EventProperties(4, buffer, history, Duration.ofSeconds(15), Duration.ofSeconds(2),
                Duration.ofMinutes(30), Duration.ofMinutes(2)), Clock.systemUTC(), new FlotillaMetrics(new SimpleMeterRegistry()));
    }

    @Test
    void aConsumerThatFallsAWholeBufferBehindIsDroppedAndItsQueueFreed() throws Exception {
        // Prepare
        EventHub hub = hub(8, 64);
        Subscription slow = hub.subscribe(ROUNDS, null).subscription();
        Subscription fast = hub.subscribe(ROUNDS, null).subscription();

        // Execute: 8 fit, the ninth overflows the slow one; the fast one keeps reading
        for (int i = 1; i <= 9; i++) {
            hub.publish(EventType.ROUND, 1L, new EventData.Ready("fleet", null, false, "r"));
            assertThat(fast.poll(Duration.ofSeconds(1))).isNotNull();
        }

        // Assert
        assertThat(slow.overflowed()).isTrue();
        assertThat(slow.isOver()).isTrue();
        assertThat(slow.queued()).isZero();
        assertThat(slow.poll(Duration.ofMillis(10))).isNull();
        assertThat(fast.isOver()).isFalse();
    }

    @Test
    void resumingFromAnEvictedIdStartsAfreshAndFromAKeptOneReplays() {
        // Prepare
        EventHub hub = hub(8, 8);
        EventHub.Opened first = hub.subscribe(ROUNDS, null);
        String start = first.head();

        // Execute
        for (int i = 0; i < 20; i++) {
            hub.publish(EventType.ROUND, 1L, new EventData.Ready("fleet", null, false, "r"));
        }
        first.subscription().close();
        String epoch = start.substring(0, start.indexOf('-'));

        // Assert
        assertThat(hub.subscribe(ROUNDS, start).subscription().resumed()).isFalse();
        Subscription recent = hub.subscribe(ROUNDS, epoch + "-16").subscription();
        assertThat(recent.resumed()).isTrue();
        assertThat(recent.queued()).isEqualTo(4);
        assertThat(hub.subscribe(ROUNDS, "feedbeef-16").subscription().resumed()).isFalse();
    }
}
