package org.flotilla.coordinator.events;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The event streams' bounds ({@code flotilla.events.*}), listed with their defaults in
 * {@code docs/coordinator.md}.
 *
 * @param maxStreams        concurrent streams this replica serves; one more is answered 503
 * @param streamBuffer      events queued for one stream; a stream whose consumer falls this far
 *                          behind is ended (it reconnects with {@code Last-Event-ID})
 * @param history           events kept for resuming with {@code Last-Event-ID}
 * @param heartbeat         the longest a stream stays silent: a comment line is sent then, which
 *                          keeps proxies from closing it and notices a consumer that went away
 * @param pollInterval      how often the database is read for changes another replica made and for
 *                          clients' status changes (only while someone listens)
 * @param maxStreamDuration a stream ends after this long (the consumer reconnects and resumes), so
 *                          none is held forever
 * @param resumeWindow      events are still recorded this long after the last stream closed, so a
 *                          consumer that reconnects within it resumes without missing any
 */
@Validated
@ConfigurationProperties("flotilla.events")
public record EventProperties(
        @Min(1) @Max(100_000) @DefaultValue("64") int maxStreams,
        @Min(8) @Max(1_000_000) @DefaultValue("256") int streamBuffer,
        @Min(8) @Max(10_000_000) @DefaultValue("4096") int history,
        @NotNull @DefaultValue("15s") Duration heartbeat,
        @NotNull @DefaultValue("2s") Duration pollInterval,
        @NotNull @DefaultValue("30m") Duration maxStreamDuration,
        @NotNull @DefaultValue("2m") Duration resumeWindow) {

    public EventProperties {
        positive("flotilla.events.heartbeat", heartbeat);
        positive("flotilla.events.poll-interval", pollInterval);
        positive("flotilla.events.max-stream-duration", maxStreamDuration);
        if (resumeWindow == null || resumeWindow.isNegative()) {
            throw new IllegalArgumentException("flotilla.events.resume-window must be zero or positive");
        }
    }

    private static void positive(String key, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(key + " must be a positive duration, was " + d);
        }
    }
}
