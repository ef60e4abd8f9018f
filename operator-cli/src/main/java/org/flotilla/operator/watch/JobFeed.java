package org.flotilla.operator.watch;

import java.util.function.Predicate;

/**
 * A source of {@link JobEvent}s for one job. {@link #follow} delivers events in order, the job's state
 * first, until the job is terminal (every round it counts delivered) or the listener returns
 * false. Implementations: {@link PollingJobFeed} and {@link StreamingJobFeed} (the job's event stream).
 */
public interface JobFeed {

    /**
     * Follows job {@code jobId}, calling {@code listener} for each event.
     *
     * @param listener returns false to stop following
     * @throws org.flotilla.operator.OperatorException when the job does not exist or the
     *         coordinator cannot be reached for longer than the feed tolerates
     */
    void follow(long jobId, Predicate<JobEvent> listener);
}
