package org.flotilla.model.wire;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Work for one client in one round: which plan and weights to fetch (by SHA-256), by when to
 * answer, where to upload, and per-client settings chosen by the job's strategy.
 */
public record Assignment(
        long jobId,
        int round,
        TaskKind task,
        String planSha256,
        String weightsSha256,
        Instant deadline,
        String uploadPath,
        Map<String, Double> settings) {

    public Assignment {
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }
}
