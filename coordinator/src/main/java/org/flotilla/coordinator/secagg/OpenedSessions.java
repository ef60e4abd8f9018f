package org.flotilla.coordinator.secagg;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;

import org.flotilla.coordinator.cohort.Cohort;
import org.flotilla.secagg.server.Acceptance;
import org.flotilla.secagg.server.ServerSession;
import org.springframework.stereotype.Service;

/**
 * The server session of an open phase as it stood when the phase opened, kept in memory per phase
 * cohort so that checking an answer does not replay every stored message of the phases before
 * (which made each phase quadratic in the number of clients). The database stays the truth: a
 * session here is only ever {@link SecureState#rebuild rebuilt} from it (after a restart, on another
 * replica, after eviction), the set is bounded ({@link #CAPACITY}, least recently used out), and it
 * only speeds up the common case: an answer the cached session accepts is one the session rebuilt
 * from the database accepts too (the phases before are closed, so their part is fixed; the cached
 * session differs only by other clients' answers of this phase, which never make a message
 * acceptable). Every other verdict — a repeat, a refusal — is judged again on a freshly rebuilt
 * session, exactly as without the cache; an accepted answer that is then not stored drops the entry.
 *
 * <p>Two things keep the replays down further. A phase's closing rebuilt its session from the
 * database and closed it: once that closing is committed, that session is exactly the next phase's
 * session as it opens (the closed phase's answers are fixed from its closing on), so it is
 * {@link #handOver handed over} to the next phase instead of being replayed again for its first
 * answer. And the answers that arrive together when a phase opens wait for one rebuild instead of
 * each replaying the round.
 */
@Service
class OpenedSessions {

    /** Phase cohorts kept; a coordinator has few secure phases open at once. */
    static final int CAPACITY = 16;

    private final SecureState state;
    private final Map<Long, CompletableFuture<ServerReplay.Rebuilt>> opened = lru();
    /** Sessions of phases that closed, by that phase's cohort id: the next phase's opened session. */
    private final Map<Long, ServerReplay.Rebuilt> successors = lru();

    OpenedSessions(SecureState state) {
        this.state = state;
    }

    /** The session of {@code c}'s attempt with the phases before {@code c} closed. */
    ServerReplay.Rebuilt of(Cohort c) {
        CompletableFuture<ServerReplay.Rebuilt> mine = new CompletableFuture<>();
        CompletableFuture<ServerReplay.Rebuilt> known;
        ServerReplay.Rebuilt handed = null;
        synchronized (opened) {
            known = opened.putIfAbsent(c.id(), mine);
            if (known == null && c.parentId() != null) {
                handed = successors.remove(c.parentId());
            }
        }
        if (known != null) {
            try {
                return known.join();
            } catch (CompletionException e) {
                // The rebuild of the thread that started it failed; it removed the entry: try again here.
                return state.rebuild(c, false);
            }
        }
        try {
            ServerReplay.Rebuilt rebuilt = handed != null ? handed : state.rebuild(c, false);
            mine.complete(rebuilt);
            return rebuilt;
        } catch (RuntimeException | Error e) {
            synchronized (opened) {
                opened.remove(c.id(), mine);
            }
            mine.completeExceptionally(e);
            throw e;
        }
    }

    /**
     * Keeps {@code closed}, the session with which the phase cohort {@code closedPhase} was closed
     * (its own answers fed, the phase closed), as the opened session of the phase after it. Call it
     * only once that closing is committed.
     */
    void handOver(long closedPhase, ServerReplay.Rebuilt closed) {
        synchronized (opened) {
            successors.put(closedPhase, closed);
        }
    }

    /**
     * Offers a message of phase {@code c} to the kept session {@code session} (from {@link #of});
     * when it is not accepted there, the verdict of a session rebuilt from the database.
     */
    Acceptance offer(Cohort c, ServerReplay.Rebuilt session, Function<ServerSession, Acceptance> offer) {
        Acceptance a;
        synchronized (session) {
            a = offer.apply(session.session());
        }
        if (a.status() == Acceptance.Status.ACCEPTED) {
            return a;
        }
        return offer.apply(state.rebuild(c, false).session());
    }

    /** Drops the kept session of {@code c}: it took an answer that was not stored. */
    void forget(Cohort c) {
        synchronized (opened) {
            opened.remove(c.id());
        }
    }

    private static <V> Map<Long, V> lru() {
        return new LinkedHashMap<>(CAPACITY, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }
}
