package org.flotilla.edge.bundle;

import org.flotilla.model.bundle.RoundMetrics;

/**
 * A checked answer to a training task.
 *
 * @param parameters the local model's parameters after the round, as many as the global ones (the
 *                   edge client forms the update, local − global, and clips it itself)
 * @param examples   training examples the program says it used, at most the device's own count
 * @param metrics    the program's aggregate metrics (validated)
 */
public record BundleUpdate(float[] parameters, long examples, RoundMetrics metrics) {
}
