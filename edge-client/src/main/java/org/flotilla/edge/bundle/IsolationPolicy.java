package org.flotilla.edge.bundle;

/** How strictly a device isolates bundle children. */
public enum IsolationPolicy {
    /**
     * Run bundles only inside user, mount, PID and network namespaces with the state hidden; decline
     * them ({@link BundleFailure.Kind#ISOLATION_UNAVAILABLE}) where the kernel does not allow that.
     */
    REQUIRED,
    /** Use the namespaces where they work, else run the child as a plain process (and log what does not hold). */
    BEST_EFFORT,
    /**
     * Never use namespaces: a plain child process with its environment, working directory and limits
     * only. For comparisons and machines where namespaces misbehave; it does not hide the state
     * directory from a hostile bundle (docs/code-bundles.md).
     */
    PROCESS_ONLY
}
