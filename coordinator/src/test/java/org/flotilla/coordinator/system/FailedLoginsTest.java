package org.flotilla.coordinator.system;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FailedLoginsTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void anAddressIsBlockedAfterTheLimitUntilTheWindowEndsAndOthersAreNot() {
        LimitProperties d = LimitProperties.defaults();
        FailedLogins logins = new FailedLogins(new LimitProperties(d.jsonBody(), d.jobBody(), d.maxUriLength(), 2,
                Duration.ofMinutes(1), d.examplesPerClient(), d.minFreeSpace(), d.busyRetryAfter(), d.rejectionsPerRound(),
                d.aggregationMemory()), clock);
        logins.failed("10.0.0.1");
        assertThat(logins.blockedFor("10.0.0.1")).isEmpty();
        now = now.plusSeconds(20);
        logins.failed("10.0.0.1");

        assertThat(logins.blockedFor("10.0.0.1")).hasValue(Duration.ofSeconds(40));
        assertThat(logins.blockedFor("10.0.0.2")).isEmpty();
        now = now.plusSeconds(40);
        assertThat(logins.blockedFor("10.0.0.1")).isEmpty();
        logins.failed("10.0.0.1");
        assertThat(logins.blockedFor("10.0.0.1")).isEmpty(); // a new window: one failure so far
    }
}
