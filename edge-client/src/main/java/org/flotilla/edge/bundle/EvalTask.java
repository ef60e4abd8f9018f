package org.flotilla.edge.bundle;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One evaluation to run in a bundle: the given parameters on the local held-out data.
 *
 * @param round      the round whose model is evaluated
 * @param parameters the model (not copied)
 * @param settings   settings for the program
 * @param deadline   the child is killed at this instant if it has not answered
 */
public record EvalTask(int round, float[] parameters, Map<String, Double> settings, Instant deadline) {

    public EvalTask {
        if (parameters == null || deadline == null || round < 0) {
            throw new IllegalArgumentException("round >= 0, parameters and deadline are required");
        }
        settings = settings == null ? Map.of() : Map.copyOf(new TreeMap<>(settings));
    }
}
