package org.flotilla.coordinator.events;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.EnumMap;
import java.util.Map;

import org.flotilla.coordinator.system.FlotillaMetrics;
import org.flotilla.model.json.WireJson;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The events of this process: a bounded history for resuming, and the open streams. Publishing
 * serialises an event once and offers it to every stream without waiting (a full stream is
 * dropped, see {@link Subscription}). Ids are {@code <epoch>-<seq>}: the epoch is random per
 * process, so an id from another replica or from before a restart is recognised and answered with
 * a fresh start ({@code ready} with {@code resumed: false}) instead of a wrong replay.
 *
 * <p>Events are recorded while a stream is open and for {@code resume-window} after the last one
 * closed. Outside that nothing listens and nothing is recorded (the engine's listeners skip their
 * reads); the gap is noted, so that a later resume from before it starts afresh.
 */
@Component
class EventHub {

    /** Why a stream could not be opened: this replica serves its maximum already, or is stopping. */
    static final class Unavailable extends RuntimeException {

        private final int limit;

        Unavailable(String message, int limit) {
            super(message);
            this.limit = limit;
        }

        /** The stream limit, or 0 when the coordinator is stopping. */
        int limit() {
            return limit;
        }
    }

    private final EventProperties config;
    private final Clock clock;
    private final FlotillaMetrics metrics;
    private final String epoch;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<FeedEvent> history = new ArrayDeque<>();
    private final Set<Subscription> streams = new LinkedHashSet<>();
    private long seq;
    /** Resuming after id {@code s} is exact iff {@code s >= floor}: nothing after it was evicted or skipped. */
    private long floor;
    /** Events were skipped while nobody listened. */
    private boolean gap;
    private Instant idleSince = Instant.EPOCH;
    /** Per type, when the last stream that carried it closed. */
    private final Map<EventType, Instant> lastWanted = new EnumMap<>(EventType.class);
    private boolean closing;

    EventHub(EventProperties config, Clock clock, FlotillaMetrics metrics) {
        this.config = config;
        this.clock = clock;
        this.metrics = metrics;
        byte[] b = new byte[4];
        ThreadLocalRandom.current().nextBytes(b);
        this.epoch = HexFormat.of().formatHex(b);
        metrics.gauge("flotilla.event.streams", "Open event streams (Server-Sent Events)", this::streams);
    }

    /**
     * Whether events are being recorded: a stream is open, or one closed within the resume window.
     * When not, the caller's event is skipped and the gap noted; call this before doing any work
     * to build an event.
     */
    boolean accepting() {
        lock.lock();
        try {
            if (activeLocked()) {
                return true;
            }
            gap = true;
            return false;
        } finally {
            lock.unlock();
        }
    }

    /** Records an event and offers it to every open stream that wants it. */
    void publish(EventType type, Long jobId, Object data) {
        String json = WireJson.write(data);
        lock.lock();
        try {
            if (!activeLocked()) {
                gap = true;
                return;
            }
            closeGap();
            long n = ++seq;
            FeedEvent e = new FeedEvent(n, epoch + "-" + n, type, jobId, clock.instant(), json, endsJob(data));
            history.addLast(e);
            while (history.size() > config.history()) {
                floor = Math.max(floor, history.removeFirst().seq());
            }
            for (Subscription s : streams) {
                s.offer(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Opens a stream of the events {@code filter} accepts, replaying those after
     * {@code lastEventId} when that resumes exactly.
     *
     * @return the subscription and the id of the latest event recorded when it opened
     * @throws Unavailable at the stream limit, or while the coordinator stops
     */
    Opened subscribe(StreamFilter filter, String lastEventId) {
        lock.lock();
        try {
            if (closing) {
                throw new Unavailable("the coordinator is stopping", 0);
            }
            if (streams.size() >= config.maxStreams()) {
                throw new Unavailable("this coordinator serves at most " + config.maxStreams()
                        + " event streams at once (flotilla.events.max-streams)", config.maxStreams());
            }
            closeGap();
            List<FeedEvent> replay = List.of();
            boolean resumed = false;
            OptionalLong after = position(lastEventId);
            if (after.isPresent() && after.getAsLong() >= floor && after.getAsLong() <= seq) {
                long s = after.getAsLong();
                List<FeedEvent> missed = history.stream().filter(e -> e.seq() > s && filter.test(e)).toList();
                if (missed.size() <= config.streamBuffer()) {
                    replay = missed;
                    resumed = true;
                }
            }
            Subscription[] holder = new Subscription[1];
            Subscription sub = new Subscription(filter, config.streamBuffer(), replay, resumed, () -> left(holder[0]));
            holder[0] = sub;
            streams.add(sub);
            return new Opened(sub, epoch + "-" + seq);
        } finally {
            lock.unlock();
        }
    }

    /**
     * A stream just opened.
     *
     * @param subscription its queue
     * @param head         the id of the latest event recorded when it opened
     */
    record Opened(Subscription subscription, String head) {
    }

    /** Counts a stream ended because its consumer fell behind. */
    void dropped() {
        metrics.eventStreamDropped();
    }

    /**
     * Whether events of {@code type} are wanted: an open stream carries them, or one that did closed
     * within the resume window. Lets costly sources (the client registry) be read only then.
     */
    boolean wanted(EventType type) {
        lock.lock();
        try {
            if (streams.stream().anyMatch(s -> s.filter().wants(type))) {
                return true;
            }
            Instant last = lastWanted.get(type);
            return last != null && clock.instant().isBefore(last.plus(config.resumeWindow()));
        } finally {
            lock.unlock();
        }
    }

    /** Whether events are being recorded now (no gap is noted when not). */
    boolean active() {
        lock.lock();
        try {
            return activeLocked();
        } finally {
            lock.unlock();
        }
    }

    private void left(Subscription s) {
        lock.lock();
        try {
            if (!streams.remove(s)) {
                return;
            }
            Instant now = clock.instant();
            s.filter().types().forEach(t -> lastWanted.put(t, now));
            if (streams.isEmpty()) {
                idleSince = now;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code data} says its job reached a terminal state. */
    static boolean endsJob(Object data) {
        return data instanceof EventData.JobChange j && j.state().isTerminal();
    }

    private boolean activeLocked() {
        return !streams.isEmpty() || clock.instant().isBefore(idleSince.plus(config.resumeWindow()));
    }

    /** After skipped events: burn one id, so that every id handed out before misses them. */
    private void closeGap() {
        if (gap) {
            floor = ++seq;
            gap = false;
        }
    }

    private OptionalLong position(String lastEventId) {
        if (lastEventId == null) {
            return OptionalLong.empty();
        }
        String id = lastEventId.strip();
        int dash = id.indexOf('-');
        if (dash < 0 || !id.substring(0, dash).equals(epoch)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(id.substring(dash + 1)));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private int streams() {
        lock.lock();
        try {
            return streams.size();
        } finally {
            lock.unlock();
        }
    }

    /** Ends every stream when the coordinator stops, so that none holds up its shutdown. */
    @EventListener(ContextClosedEvent.class)
    void close() {
        List<Subscription> open;
        lock.lock();
        try {
            closing = true;
            open = new ArrayList<>(streams);
        } finally {
            lock.unlock();
        }
        open.forEach(Subscription::close);
    }
}
