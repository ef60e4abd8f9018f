package org.flotilla.model.wire;

import java.util.Map;
import java.util.TreeMap;

/**
 * Aggregate figures a client reports with its update (header {@code Flotilla-Metrics}). Only
 * totals and means over the local data: never anything per example.
 *
 * @param examples               training examples used (the FedAvg weight)
 * @param trainLoss              mean training loss over the round's last local epoch
 * @param trainAccuracy          training accuracy over the last local epoch
 * @param heldOutLoss            loss of the trained model on the local held-out split, or null
 * @param heldOutAccuracy        accuracy on the local held-out split, or null
 * @param wallSeconds            time from assignment to update ready
 * @param trainSeconds           time spent in local training
 * @param samplesPerSecond       training throughput (examples × epochs / trainSeconds)
 * @param workers                worker threads used
 * @param threadLevelParallelism TLP of the workers during training
 * @param extra                  further numeric metrics
 */
public record UpdateMetrics(
        long examples,
        double trainLoss,
        double trainAccuracy,
        Double heldOutLoss,
        Double heldOutAccuracy,
        double wallSeconds,
        double trainSeconds,
        double samplesPerSecond,
        int workers,
        double threadLevelParallelism,
        Map<String, Double> extra) {

    public UpdateMetrics {
        extra = extra == null ? Map.of() : Map.copyOf(new TreeMap<>(extra));
    }
}
