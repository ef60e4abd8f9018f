package org.flotilla.edge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff NO_JITTER = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(10), 0, 1);

    @Test
    void growsExponentiallyUpToTheCap() {
        assertThat(NO_JITTER.delay(0)).isEqualTo(Duration.ofSeconds(1));
        assertThat(NO_JITTER.delay(1)).isEqualTo(Duration.ofSeconds(2));
        assertThat(NO_JITTER.delay(3)).isEqualTo(Duration.ofSeconds(8));
        assertThat(NO_JITTER.delay(4)).isEqualTo(Duration.ofSeconds(10));
        assertThat(NO_JITTER.delay(500)).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void jitterStaysInItsBandAndIsAFunctionOfTheSeed() {
        Backoff b = new Backoff(Duration.ofSeconds(1), 2.0, Duration.ofSeconds(60), 0.2, 7);
        for (int attempt = 0; attempt < 5; attempt++) {
            long base = 1000L << attempt;
            assertThat(b.delay(attempt).toMillis()).isBetween((long) (base * 0.8), (long) (base * 1.2));
            assertThat(b.delay(attempt)).isEqualTo(b.withSeed(7).delay(attempt));
        }
        assertThat(b.delay(2)).isNotEqualTo(b.withSeed(8).delay(2));
    }

    @Test
    void validatesItsParameters() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, 2, Duration.ofSeconds(1), 0, 0))
                .hasMessageContaining("initial");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), 2, Duration.ofSeconds(1), 0, 0))
                .hasMessageContaining("max");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 0.5, Duration.ofSeconds(1), 0, 0))
                .hasMessageContaining("multiplier");
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 1.0, 0))
                .hasMessageContaining("jitter");
    }

    @Test
    void parsesRetryAfterInBothForms() {
        assertThat(HttpFailures.parseRetryAfter("7")).contains(Duration.ofSeconds(7));
        assertThat(HttpFailures.parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).contains(Duration.ZERO);
        assertThat(HttpFailures.parseRetryAfter("soon")).isEmpty();
    }
}
