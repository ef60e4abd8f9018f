package org.flotilla.coordinator.secagg;

import java.util.LinkedHashMap;
import java.util.Map;
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
 */
@Service
class OpenedSessions {

    /** Phase cohorts kept; a coordinator has few secure phases open at once. */
    static final int CAPACITY = 16;

    private final SecureState state;
    private final Map<Long, ServerReplay.Rebuilt> opened = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, ServerReplay.Rebuilt> eldest) {
            return size() > CAPACITY;
        }
    };

    OpenedSessions(SecureState state) {
        this.state = state;
    }

    /** The session of {@code c}'s attempt with the phases before {@code c} closed. */
    ServerReplay.Rebuilt of(Cohort c) {
        synchronized (opened) {
            ServerReplay.Rebuilt known = opened.get(c.id());
            if (known != null) {
                return known;
            }
        }
        ServerReplay.Rebuilt rebuilt = state.rebuild(c, false);
        synchronized (opened) {
            return opened.computeIfAbsent(c.id(), id -> rebuilt);
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
}
