package org.flotilla.coordinator.events;

import java.time.Instant;

/**
 * One event as recorded: serialised once, written to every stream that wants it.
 *
 * @param seq   its place in this process's history (the part of its id after the epoch)
 * @param id    the {@code id:} a consumer sends back as {@code Last-Event-ID}: {@code <epoch>-<seq>}
 * @param type  what it says
 * @param jobId the job it concerns, or null (client events)
 * @param at    when it was recorded
 * @param json  its data, one line of JSON
 * @param ends  whether it says that its job ended (a job stream ends soon after)
 */
record FeedEvent(long seq, String id, EventType type, Long jobId, Instant at, String json, boolean ends) {

    /** The event in {@code text/event-stream} form, ending with the blank line that dispatches it. */
    String wire() {
        return (id == null ? "" : "id: " + id + "\n") + "event: " + type.wireName() + "\ndata: " + json + "\n\n";
    }
}
