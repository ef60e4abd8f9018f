package org.flotilla.coordinator.job;

import java.time.Instant;

/**
 * Events about jobs. {@link Created} and {@link Cancelled} come from the job service after
 * committing; the job runner reacts to them. {@link StateChanged} is published by the repository
 * with every state transition it applies (inside the caller's transaction, if any: listen with
 * {@code @TransactionalEventListener(fallbackExecution = true)}).
 */
public final class JobEvents {

    private JobEvents() {
    }

    /** A job was created and should start running. */
    public record Created(long jobId) {
    }

    /** A job was cancelled; its open rounds must close. */
    public record Cancelled(long jobId) {
    }

    /**
     * A job moved from {@code from} to {@code to}.
     *
     * @param jobId  the job
     * @param from   the state it left
     * @param to     the state it entered
     * @param reason why, when the transition gave one
     * @param at     when
     */
    public record StateChanged(long jobId, JobState from, JobState to, String reason, Instant at) {
    }
}
