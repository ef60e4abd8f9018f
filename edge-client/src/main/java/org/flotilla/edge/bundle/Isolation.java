package org.flotilla.edge.bundle;

import java.util.EnumSet;
import java.util.Set;

/**
 * What this device can do to confine a bundle child, as found by {@link IsolationProbe}.
 *
 * @param namespaces   user + mount + PID + network namespaces with hiding mounts and no capabilities
 *                     ({@code unshare}, {@code mount}, {@code setpriv})
 * @param networkOnly  at least a user + network namespace (when the full set is unavailable)
 * @param overlay      an unprivileged overlay mount for the native cache (Linux 5.11+)
 * @param systemdScope {@code systemd-run --user --scope} with memory and CPU limits
 * @param notes        why something is unavailable, for the log
 */
public record Isolation(boolean namespaces, boolean networkOnly, boolean overlay, boolean systemdScope, String notes) {

    /** No namespaces, no scope: a plain child process. */
    public static Isolation processOnly(String why) {
        return new Isolation(false, false, false, false, why);
    }

    /** The protections a child gets under this isolation. */
    public Set<Protection> protections() {
        Set<Protection> p = EnumSet.of(Protection.CLEAN_ENVIRONMENT, Protection.OWN_WORKING_DIRECTORY,
                Protection.NO_EDGE_CLIENT_CODE, Protection.MEMORY_CAP, Protection.CPU_ALLOWANCE, Protection.DEADLINE,
                Protection.OUTPUT_BOUNDS);
        if (namespaces || networkOnly) {
            p.add(Protection.NO_NETWORK);
        }
        if (namespaces) {
            p.addAll(EnumSet.of(Protection.HIDDEN_PATHS, Protection.PRIVATE_PROCESSES, Protection.NO_CAPABILITIES));
            if (overlay) {
                p.add(Protection.PROTECTED_NATIVE_CACHE);
            }
        }
        if (systemdScope) {
            p.add(Protection.CGROUP_LIMITS);
        }
        return p;
    }

    /** One line for the log. */
    public String describe() {
        String mode = namespaces ? "user+mount+pid+net namespaces" + (overlay ? ", native cache behind an overlay" : "")
                : networkOnly ? "user+net namespaces only (state directory NOT hidden)"
                : "plain child process (no namespaces: state directory, network and the edge client's processes are NOT hidden)";
        return mode + (systemdScope ? ", systemd scope with MemoryMax/CPUQuota" : "")
                + (notes == null || notes.isBlank() ? "" : "; " + notes);
    }
}
