package org.flotilla.edge.round;

/**
 * A change to every update this client sends, applied to the delta ({@code local − global}, after
 * {@code clipNorm}) just before it is encoded; the metrics stay those of the honest training.
 *
 * <p>It exists for research and tests only, e.g. to play a Byzantine client whose updates are
 * scaled or replaced with noise while everything else about it (enrolment, check-in, training,
 * retries) is the real client. It can be given only through the programmatic API
 * ({@link org.flotilla.edge.EdgeClient#runRounds(org.flotilla.edge.config.ClientConfig, int,
 * org.flotilla.edge.lifecycle.StopSignal, UpdateTransform)}); no command-line option, environment
 * variable or configuration key reaches it, so the shipped {@code edge-client} always sends
 * {@link #NONE}'s honest updates.
 */
@FunctionalInterface
public interface UpdateTransform {

    /** Leaves the update as it is (what the {@code edge-client} program uses). */
    UpdateTransform NONE = (jobId, round, delta) -> delta;

    /**
     * The delta to send instead of {@code delta}, of the same length (it may change {@code delta}
     * in place and return it).
     */
    float[] apply(long jobId, int round, float[] delta);
}
