package org.flotilla.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time and resident memory of another process on this machine, from {@code /proc/<pid>}:
 * user + system time ({@code stat} fields 14 and 15, in clock ticks) and {@code VmRSS} /
 * {@code VmHWM} of {@code status}.
 */
final class ProcessProbe {

    private final long pid;
    private final long ticksPerSecond;

    ProcessProbe(long pid, long ticksPerSecond) {
        this.pid = pid;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** User + system CPU time the process has used, in milliseconds. */
    long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) is in parentheses and may contain spaces: count from after it.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15
            return ticks * 1000 / ticksPerSecond;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e.getMessage(), e);
        }
    }

    /** Current resident memory in KiB. */
    long rssKiB() {
        return status("VmRSS:");
    }

    /** Peak resident memory in KiB. */
    long peakRssKiB() {
        return status("VmHWM:");
    }

    private long status(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
            return -1;
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc/" + pid + "/status: " + e.getMessage(), e);
        }
    }

    /** CPU spent between two readings, per request. */
    static double perRequest(long cpuBefore, long cpuAfter, long requests) {
        return requests == 0 ? Double.NaN : (double) (cpuAfter - cpuBefore) / requests;
    }
}
