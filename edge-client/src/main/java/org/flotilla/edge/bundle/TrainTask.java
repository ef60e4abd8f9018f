package org.flotilla.edge.bundle;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One round of training to run in a bundle.
 *
 * @param round            the round number
 * @param globalParameters the global model (not copied)
 * @param settings         the assignment's settings for the program
 * @param deadline         the child is killed at this instant if it has not answered
 * @param maxExamples      the device's own count of local training examples: a program claiming
 *                         more is refused (the count weighs its update in FedAvg)
 */
public record TrainTask(int round, float[] globalParameters, Map<String, Double> settings, Instant deadline,
                        long maxExamples) {

    public TrainTask {
        if (globalParameters == null || deadline == null || round < 0 || maxExamples < 1) {
            throw new IllegalArgumentException("round >= 0, globalParameters, deadline and maxExamples >= 1 are required");
        }
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }
}
