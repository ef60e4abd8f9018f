package org.flotilla.coordinator.job;

/** Events the job service publishes after committing; the round service reacts to them. */
public final class JobEvents {

    private JobEvents() {
    }

    /** A job was created and should start running. */
    public record Created(long jobId) {
    }

    /** A job was cancelled; its open rounds must close. */
    public record Cancelled(long jobId) {
    }
}
