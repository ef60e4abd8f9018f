package org.flotilla.edge.bundle;

/** One protection a bundle child runs under; {@link Isolation#protections()} says which hold on this device. */
public enum Protection {
    /** An environment with nothing inherited: no {@code FLOTILLA_*} variables, tokens, paths or home. */
    CLEAN_ENVIRONMENT,
    /** A working directory (and {@code user.home}, {@code java.io.tmpdir}) of its own, deleted afterwards. */
    OWN_WORKING_DIRECTORY,
    /**
     * A class path without the edge client's identity, HTTP and state code: the bundle, shared-model,
     * datasets, the ML libraries and the training runtime (the edge client's training and lifecycle
     * packages only, {@link ChildClassPath}).
     */
    NO_EDGE_CLIENT_CODE,
    /** {@code -Xmx} from the device's budget and JavaCPP's off-heap limits. */
    MEMORY_CAP,
    /** The worker count as its CPU allowance ({@code -XX:ActiveProcessorCount}, the program's workers). */
    CPU_ALLOWANCE,
    /** Killed at the round's deadline, with every process it started. */
    DEADLINE,
    /** Bounded console output, control lines and update size; a size limit on every file it writes ({@code ulimit -f}). */
    OUTPUT_BOUNDS,
    /** A network namespace of its own with no interface up: no network at all, not even loopback. */
    NO_NETWORK,
    /** The state directory, configuration and other named paths covered by empty, unreadable mounts. */
    HIDDEN_PATHS,
    /** A PID namespace and its own {@code /proc}: the edge client's process, environment and files are not visible. */
    PRIVATE_PROCESSES,
    /** No capabilities and {@code no_new_privs}: the hiding mounts cannot be undone. */
    NO_CAPABILITIES,
    /**
     * The edge client's native-library cache seen through a copy-on-write overlay (or, without one,
     * hidden and replaced by a cache for children): the child cannot plant code the edge client loads.
     */
    PROTECTED_NATIVE_CACHE,
    /** A systemd scope with {@code MemoryMax} and {@code CPUQuota} (cgroup limits). */
    CGROUP_LIMITS
}
