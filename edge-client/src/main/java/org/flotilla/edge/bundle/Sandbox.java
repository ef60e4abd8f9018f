package org.flotilla.edge.bundle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines that confine a child, built from tools found by {@link IsolationProbe}. Inside the
 * namespaces a small POSIX shell script sets the limits, mounts the hiding and overlay mounts, then
 * executes the child through {@code setpriv} with every capability dropped and {@code no_new_privs},
 * so the child cannot unmount what hides the state. Paths reach the script as arguments, never
 * inside its text.
 */
final class Sandbox {

    /**
     * Arguments: the path of {@code setpriv}, the file-size limit in 512-byte blocks, then mount steps ({@code hide-dir P},
     * {@code hide-file P}, {@code overlay LOWER UPPER WORK TARGET}), then {@code --} and the command.
     */
    static final String NAMESPACE_SCRIPT = """
            set -eu
            setpriv=$1; shift
            ulimit -c 0
            ulimit -f "$1"; shift
            while [ "$1" != "--" ]; do
              case "$1" in
                hide-dir) mount -t tmpfs -o size=4k,mode=000,nosuid,nodev,noexec flotilla-hidden "$2"; shift 2 ;;
                hide-file) mount --bind /dev/null "$2"; shift 2 ;;
                overlay) mount -t overlay flotilla-native -o "lowerdir=$2,upperdir=$3,workdir=$4" "$5"; shift 5 ;;
                *) echo "flotilla sandbox: unknown step $1" >&2; exit 97 ;;
              esac
            done
            shift
            exec "$setpriv" --bounding-set=-all --inh-caps=-all --ambient-caps=-all --no-new-privs -- "$@"
            """;

    /** Arguments: the file-size limit in 512-byte blocks, then the command. */
    static final String LIMITS_SCRIPT = """
            set -eu
            ulimit -c 0
            ulimit -f "$1"; shift
            exec "$@"
            """;

    /** One mount made inside the child's mount namespace. */
    sealed interface MountStep {
        List<String> args();
    }

    /** An empty, unreadable tmpfs over a directory. */
    record HideDir(Path dir) implements MountStep {
        public List<String> args() {
            return List.of("hide-dir", dir.toString());
        }
    }

    /** {@code /dev/null} over a file. */
    record HideFile(Path file) implements MountStep {
        public List<String> args() {
            return List.of("hide-file", file.toString());
        }
    }

    /** A copy-on-write view of {@code lower} at {@code target}: writes land in {@code upper}. */
    record Overlay(Path lower, Path upper, Path work, Path target) implements MountStep {
        public List<String> args() {
            return List.of("overlay", lower.toString(), upper.toString(), work.toString(), target.toString());
        }
    }

    private Sandbox() {
    }

    /** {@code command} in user, mount, PID and network namespaces after {@code steps}. */
    static List<String> namespaced(IsolationProbe.Tools tools, List<MountStep> steps, long fileBlocks,
                                   List<String> command) {
        List<String> argv = new ArrayList<>(List.of(tools.unshare().toString(), "--user", "--map-root-user", "--net",
                "--mount", "--pid", "--fork", "--mount-proc", "--kill-child",
                tools.sh().toString(), "-c", NAMESPACE_SCRIPT, "sandbox", tools.setpriv().toString(),
                Long.toString(fileBlocks)));
        for (MountStep s : steps) {
            argv.addAll(s.args());
        }
        argv.add("--");
        argv.addAll(command);
        return argv;
    }

    /** {@code command} in a user and network namespace only (no mounts). */
    static List<String> networkOnly(IsolationProbe.Tools tools, long fileBlocks, List<String> command) {
        List<String> argv = new ArrayList<>(List.of(tools.unshare().toString(), "--user", "--map-root-user", "--net",
                "--fork", "--kill-child"));
        argv.addAll(limited(tools, fileBlocks, command));
        return argv;
    }

    /** {@code command} with the file-size and core limits only. */
    static List<String> limited(IsolationProbe.Tools tools, long fileBlocks, List<String> command) {
        if (tools.sh() == null) {
            return command;
        }
        List<String> argv = new ArrayList<>(List.of(tools.sh().toString(), "-c", LIMITS_SCRIPT, "limits",
                Long.toString(fileBlocks)));
        argv.addAll(command);
        return argv;
    }

    /** The prefix that runs a command in a transient systemd user scope with memory and CPU limits. */
    static List<String> systemdScope(IsolationProbe.Tools tools, long memoryMegabytes, int cpuPercent) {
        return List.of(tools.systemdRun().toString(), "--user", "--scope", "--quiet", "--collect",
                "-p", "MemoryMax=" + memoryMegabytes + "M", "-p", "CPUQuota=" + cpuPercent + "%", "--");
    }
}
