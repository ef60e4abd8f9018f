package org.flotilla.coordinator.events;

import java.util.Set;

/**
 * Which events a stream carries: those of the types it asked for and, for a job stream, of its job.
 *
 * @param jobId the job of a job stream, null for the fleet
 * @param types the types it carries ({@code ready} is always sent)
 */
record StreamFilter(Long jobId, Set<EventType> types) {

    StreamFilter {
        types = Set.copyOf(types);
    }

    boolean test(FeedEvent e) {
        return types.contains(e.type()) && (jobId == null || jobId.equals(e.jobId()));
    }

    boolean wants(EventType type) {
        return types.contains(type);
    }
}
