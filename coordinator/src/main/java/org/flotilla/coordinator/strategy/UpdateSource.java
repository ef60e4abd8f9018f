package org.flotilla.coordinator.strategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The accepted updates of a round, in a stable order (by client id). Iterating loads nothing;
 * each {@link ClientUpdate#delta()} call reads one update.
 */
public interface UpdateSource extends Iterable<ClientUpdate> {

    /** Number of updates. */
    int size();

    /** An in-memory source, for tests and for strategies that were handed arrays already. */
    static UpdateSource of(List<ClientUpdate> updates) {
        List<ClientUpdate> copy = List.copyOf(updates);
        return new UpdateSource() {
            @Override
            public int size() {
                return copy.size();
            }

            @Override
            public java.util.Iterator<ClientUpdate> iterator() {
                return copy.iterator();
            }
        };
    }

    /** The clients in order (loads nothing). */
    default List<String> clientIds() {
        List<String> ids = new ArrayList<>(size());
        forEach(u -> ids.add(u.clientId()));
        return ids;
    }

    /** All updates as a list (loads nothing by itself). */
    default List<ClientUpdate> toList() {
        List<ClientUpdate> list = new ArrayList<>(size());
        forEach(list::add);
        return list;
    }
}
