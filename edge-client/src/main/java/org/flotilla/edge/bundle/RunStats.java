package org.flotilla.edge.bundle;

import java.util.Map;
import java.util.TreeMap;

/**
 * Timings of one task run by a bundle.
 *
 * @param startedChild whether a new child JVM was started for it (false: a live one was reused)
 * @param startSeconds child start to {@code READY} (JVM start, data loading, building the model); 0 when reused
 * @param taskSeconds  the task itself, command sent to answer checked
 * @param hostTimings  what the host reported at start-up: {@code jvm} (JVM start to its main), {@code data}, {@code build}
 */
public record RunStats(boolean startedChild, double startSeconds, double taskSeconds, Map<String, Double> hostTimings) {

    public RunStats {
        hostTimings = hostTimings == null ? Map.of() : Map.copyOf(new TreeMap<>(hostTimings));
    }

    static RunStats none() {
        return new RunStats(false, 0, 0, Map.of());
    }
}
