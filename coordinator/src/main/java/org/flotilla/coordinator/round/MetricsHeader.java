package org.flotilla.coordinator.round;

import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.UpdateMetrics;

/** Reads and checks the {@code Flotilla-Metrics} header (one line of {@link UpdateMetrics} JSON). */
final class MetricsHeader {

    static final String NAME = ProtocolHeaders.METRICS;
    static final int MAX_LENGTH = 4000;

    private MetricsHeader() {
    }

    /**
     * The metrics, checked for sanity.
     *
     * @throws Refused {@code BAD_METRICS} naming the header or the field that was wrong
     */
    static UpdateMetrics parse(String header) {
        if (header == null || header.isBlank()) {
            throw bad(NAME, "UpdateMetrics JSON", "the " + NAME + " header with the update's metrics is missing");
        }
        if (header.length() > MAX_LENGTH) {
            throw bad(NAME, "at most " + MAX_LENGTH + " characters", "the " + NAME + " header is longer than " + MAX_LENGTH + " characters");
        }
        UpdateMetrics m;
        try {
            m = WireJson.read(header, UpdateMetrics.class);
        } catch (tools.jackson.core.JacksonException e) {
            String field = e.getPath().isEmpty() || e.getPath().getFirst().getPropertyName() == null ? NAME
                    : NAME + "." + e.getPath().getFirst().getPropertyName();
            throw bad(field, "UpdateMetrics JSON with every field", "the " + NAME + " header is not UpdateMetrics JSON: "
                    + firstLine(e.getOriginalMessage()));
        }
        if (m == null || m.examples() <= 0) {
            throw bad(NAME + ".examples", "> 0", "metrics must count the training examples (examples > 0)");
        }
        requireRange("trainLoss", m.trainLoss(), 0, Double.MAX_VALUE);
        requireRange("trainAccuracy", m.trainAccuracy(), 0, 1);
        if (m.heldOutLoss() != null) {
            requireRange("heldOutLoss", m.heldOutLoss(), 0, Double.MAX_VALUE);
        }
        if (m.heldOutAccuracy() != null) {
            requireRange("heldOutAccuracy", m.heldOutAccuracy(), 0, 1);
        }
        requireRange("wallSeconds", m.wallSeconds(), 0, Double.MAX_VALUE);
        requireRange("trainSeconds", m.trainSeconds(), 0, Double.MAX_VALUE);
        requireRange("samplesPerSecond", m.samplesPerSecond(), 0, Double.MAX_VALUE);
        requireRange("threadLevelParallelism", m.threadLevelParallelism(), 0, Double.MAX_VALUE);
        if (m.workers() < 0) {
            throw bad(NAME + ".workers", ">= 0", "workers must not be negative");
        }
        m.extra().forEach((k, v) -> {
            if (v == null || !Double.isFinite(v)) {
                throw bad(NAME + ".extra." + k, "a finite number", "extra metric " + k + " must be a finite number");
            }
        });
        return m;
    }

    private static void requireRange(String field, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw bad(NAME + "." + field, "in [" + min + ", " + (max == Double.MAX_VALUE ? "∞" : max) + "]",
                    "metric " + field + " is " + v + ", outside [" + min + ", " + (max == Double.MAX_VALUE ? "∞" : max) + "]");
        }
    }

    private static Refused bad(String field, String limit, String detail) {
        return new Refused(RefusalReason.BAD_METRICS, true, detail, field, limit);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse(s);
    }
}
