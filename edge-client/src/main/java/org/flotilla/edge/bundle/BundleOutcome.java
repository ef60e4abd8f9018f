package org.flotilla.edge.bundle;

/**
 * The result of one task run by a bundle: a value, or a decline with its reason. Never an
 * exception for anything the child did.
 *
 * @param <T> what a completed task yields
 */
public sealed interface BundleOutcome<T> {

    /** How the run went (start-up, task time). */
    RunStats stats();

    /** The task completed and its answer passed every check. */
    record Completed<T>(T value, RunStats stats) implements BundleOutcome<T> {
    }

    /** The task gave no usable result. */
    record Declined<T>(BundleFailure failure, RunStats stats) implements BundleOutcome<T> {
    }

    /** Whether the task completed. */
    default boolean isCompleted() {
        return this instanceof Completed<T>;
    }
}
