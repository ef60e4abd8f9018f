package org.flotilla.simulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's resident memory as Linux reports it ({@code /proc/self/status}), for the measurements. */
final class ResidentMemory {

    private ResidentMemory() {
    }

    /** {@code VmRSS} and {@code VmHWM} (peak), or "unknown" off Linux. */
    static String describe() {
        try {
            String rss = null;
            String peak = null;
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = line.substring(6).trim();
                } else if (line.startsWith("VmHWM:")) {
                    peak = line.substring(6).trim();
                }
            }
            return rss == null ? "unknown" : rss + " (peak " + peak + ")";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
