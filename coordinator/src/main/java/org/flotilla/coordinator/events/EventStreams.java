package org.flotilla.coordinator.events;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import jakarta.servlet.http.HttpServletResponse;
import org.flotilla.coordinator.job.Job;
import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.model.json.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;

/**
 * Writes one stream in {@code text/event-stream} form on the request's own (virtual) thread:
 * {@code ready}, for a new job stream the job as it is, then the events as they are recorded, with
 * a comment line when nothing was sent for a heartbeat. It ends when the consumer goes away, falls
 * behind by a whole buffer, the stream reaches its maximum duration, the coordinator stops, or —
 * for a job stream — shortly after its job ended (so that the rounds a cancellation fails still
 * arrive).
 */
@Component
class EventStreams {

    private static final Logger log = LoggerFactory.getLogger(EventStreams.class);
    /** How long a job stream stays open after its job's terminal event. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** The reconnection delay suggested to EventSource consumers, in milliseconds. */
    private static final String PREAMBLE = "retry: 2000\n\n";

    private final EventHub hub;
    private final EventProperties config;
    private final Clock clock;
    private final String replica;

    EventStreams(EventHub hub, EventProperties config, Clock clock, FlotillaProperties properties) {
        this.hub = hub;
        this.config = config;
        this.clock = clock;
        this.replica = replicaName(properties.replicaId());
    }

    /**
     * Serves a stream until it ends.
     *
     * @param job the job of a job stream as it is now, or null for the fleet
     * @throws EventHub.Unavailable before anything is written, when no stream may be opened now
     */
    void serve(StreamFilter filter, String lastEventId, Job job, HttpServletResponse response) {
        EventHub.Opened opened = hub.subscribe(filter, lastEventId);
        try (Subscription sub = opened.subscription()) {
            response.setStatus(HttpServletResponse.SC_OK);
            response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            response.setHeader("Cache-Control", "no-store");
            response.setHeader("X-Accel-Buffering", "no"); // nginx: pass events on at once
            OutputStream out = response.getOutputStream();
            Instant now = clock.instant();
            StringBuilder first = new StringBuilder(PREAMBLE);
            EventData.Ready ready = new EventData.Ready(job == null ? "fleet" : "job", job == null ? null : job.id(),
                    sub.resumed(), replica);
            first.append(unrecorded(sub.resumed() ? null : opened.head(), EventType.READY, ready));
            Instant linger = null;
            if (job != null && !sub.resumed()) {
                first.append(unrecorded(null, EventType.JOB, EngineFeed.jobChange(job, now)));
                linger = job.state().isTerminal() ? now.plus(LINGER) : null;
            }
            write(out, first.toString());
            Instant end = now.plus(config.maxStreamDuration());
            while (true) {
                now = clock.instant();
                Instant until = linger != null && linger.isBefore(end) ? linger : end;
                if (!now.isBefore(until)) {
                    return;
                }
                Duration left = Duration.between(now, until);
                FeedEvent e = sub.poll(left.compareTo(config.heartbeat()) < 0 ? left : config.heartbeat());
                if (sub.isOver()) {
                    if (sub.overflowed()) {
                        hub.dropped();
                        log.info("Ended an event stream whose consumer fell {} events behind", config.streamBuffer());
                    }
                    return;
                }
                if (e != null) {
                    write(out, e.wire());
                    if (job != null && e.ends() && linger == null) {
                        linger = clock.instant().plus(LINGER);
                    }
                } else if (clock.instant().isBefore(until)) {
                    write(out, ": keep-alive\n\n");
                }
            }
        } catch (IOException gone) {
            log.debug("An event stream's consumer went away: {}", gone.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String unrecorded(String id, EventType type, Object data) {
        return new FeedEvent(0, id, type, null, null, WireJson.write(data), false).wire();
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String replicaName(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "coordinator";
        }
    }
}
