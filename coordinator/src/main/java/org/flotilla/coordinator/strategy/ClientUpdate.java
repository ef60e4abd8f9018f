package org.flotilla.coordinator.strategy;

import java.util.function.Supplier;

import org.flotilla.model.wire.UpdateMetrics;

/**
 * One accepted update, as a strategy sees it. The delta ({@code local − global}) is loaded only
 * when {@link #delta()} is called, so a streaming strategy holds one update at a time.
 *
 * @param clientId the client
 * @param examples its number of training examples (the FedAvg weight)
 * @param metrics  what the client reported
 * @param loader   reads and decodes the stored update; each call returns a fresh array
 */
public record ClientUpdate(String clientId, long examples, UpdateMetrics metrics, Supplier<float[]> loader) {

    public ClientUpdate {
        if (examples <= 0) {
            throw new IllegalArgumentException("an update needs a positive example count, got " + examples);
        }
    }

    /** The parameter delta, freshly loaded. */
    public float[] delta() {
        return loader.get();
    }
}
