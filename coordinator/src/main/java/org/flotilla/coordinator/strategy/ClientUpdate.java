package org.flotilla.coordinator.strategy;

import java.util.function.Supplier;

import org.flotilla.model.wire.UpdateMetrics;

/**
 * One accepted update, as a strategy sees it. The delta ({@code local − global}) is loaded only
 * when {@link #delta()} is called, so a streaming strategy holds one update at a time; a mean-based
 * one folds it straight from storage with {@link #addScaledTo}, holding none.
 *
 * @param clientId the client
 * @param examples its number of training examples (the FedAvg weight)
 * @param metrics  what the client reported
 * @param loader   reads and decodes the stored update; each call returns a fresh array
 * @param folder   adds {@code weight × delta} to an accumulator without materialising the delta
 *                 (e.g. chunk by chunk from the stored file), or null to fold through {@code loader}
 */
public record ClientUpdate(String clientId, long examples, UpdateMetrics metrics, Supplier<float[]> loader,
                           Folder folder) {

    /** Folds a stored delta into an accumulator: {@code acc[i] += weight × delta[i]}. */
    @FunctionalInterface
    public interface Folder {
        void addScaledTo(double[] acc, double weight);
    }

    public ClientUpdate {
        if (examples <= 0) {
            throw new IllegalArgumentException("an update needs a positive example count, got " + examples);
        }
    }

    /** An update that is folded through its loaded delta. */
    public ClientUpdate(String clientId, long examples, UpdateMetrics metrics, Supplier<float[]> loader) {
        this(clientId, examples, metrics, loader, null);
    }

    /** The parameter delta, freshly loaded. */
    public float[] delta() {
        return loader.get();
    }

    /** {@code acc[i] += weight × delta[i]}, straight from storage when the update has a folder; the same sums either way. */
    public void addScaledTo(double[] acc, double weight) {
        if (folder != null) {
            folder.addScaledTo(acc, weight);
        } else {
            StrategyMath.addScaled(acc, delta(), weight);
        }
    }
}
