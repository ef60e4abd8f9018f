package org.flotilla.model.bundle;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Aggregate figures of one round of local training, the training part of the update's metrics
 * (never anything per example).
 *
 * @param trainLoss              mean training loss over the last local epoch, finite, ≥ 0
 * @param trainAccuracy          training accuracy over the last local epoch, in [0, 1]
 * @param trainSeconds           time spent training
 * @param samplesPerSecond       examples × epochs / trainSeconds
 * @param workers                worker threads used
 * @param threadLevelParallelism the workers' TLP while training (0 if not measured)
 * @param extra                  at most {@value #MAX_EXTRA} further finite figures
 */
public record RoundMetrics(double trainLoss, double trainAccuracy, double trainSeconds, double samplesPerSecond,
                           int workers, double threadLevelParallelism, Map<String, Double> extra) {

    public static final int MAX_EXTRA = 32;
    private static final Pattern KEY = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");

    public RoundMetrics {
        requireRange("trainLoss", trainLoss, 0, Double.MAX_VALUE);
        requireRange("trainAccuracy", trainAccuracy, 0, 1);
        requireRange("trainSeconds", trainSeconds, 0, Double.MAX_VALUE);
        requireRange("samplesPerSecond", samplesPerSecond, 0, Double.MAX_VALUE);
        requireRange("threadLevelParallelism", threadLevelParallelism, 0, ResourceNeeds.MAX_WORKERS);
        if (workers < 1 || workers > ResourceNeeds.MAX_WORKERS) {
            throw new IllegalArgumentException("workers must be in [1, " + ResourceNeeds.MAX_WORKERS + "], was " + workers);
        }
        extra = extra == null ? Map.of() : Map.copyOf(new TreeMap<>(extra));
        if (extra.size() > MAX_EXTRA) {
            throw new IllegalArgumentException(extra.size() + " extra metrics, more than " + MAX_EXTRA);
        }
        extra.forEach((k, v) -> {
            if (!KEY.matcher(k).matches()) {
                throw new IllegalArgumentException("extra metric name '" + k + "' must be 1-64 letters, digits, '_', '.', '-'");
            }
            requireRange("extra." + k, v == null ? Double.NaN : v, -Double.MAX_VALUE, Double.MAX_VALUE);
        });
    }

    private static void requireRange(String name, double v, double min, double max) {
        if (!(v >= min && v <= max)) {
            throw new IllegalArgumentException(name + " must be a finite number in [" + min + ", " + max + "], was " + v);
        }
    }
}
