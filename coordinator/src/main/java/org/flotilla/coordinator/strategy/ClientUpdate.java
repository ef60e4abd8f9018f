package org.flotilla.coordinator.strategy;

import java.util.function.Supplier;

import org.flotilla.model.wire.UpdateMetrics;

/**
 * One accepted update, as a strategy sees it. The delta ({@code local − global}) is loaded only
 * when {@link #delta()} is called, so a streaming strategy holds one update at a time; a mean-based
 * one folds it straight from storage ({@link #stored}), holding none.
 *
 * @param clientId the client
 * @param examples its number of training examples (the FedAvg weight)
 * @param metrics  what the client reported
 * @param loader   reads and decodes the stored update; each call returns a fresh array
 * @param stored   opens the stored update for folding range by range without materialising it, or
 *                 null to fold through {@code loader}
 */
public record ClientUpdate(String clientId, long examples, UpdateMetrics metrics, Supplier<float[]> loader,
                           Stored stored) {

    /** Opens a stored delta for folding. */
    @FunctionalInterface
    public interface Stored {
        RangeFolder open();
    }

    /** One stored delta, folded into an accumulator in consecutive coordinate ranges. */
    public interface RangeFolder extends AutoCloseable {

        /** {@code acc[i] += weight × delta[i]} for {@code i} in {@code [from, to)}; ranges come in order, from 0, without gaps. */
        void addScaled(double[] acc, double weight, int from, int to);

        @Override
        void close();
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

    /** {@code acc[i] += weight × delta[i]}, straight from storage when the update is stored; the same sums either way. */
    public void addScaledTo(double[] acc, double weight) {
        if (stored != null) {
            try (RangeFolder f = stored.open()) {
                f.addScaled(acc, weight, 0, acc.length);
            }
        } else {
            StrategyMath.addScaled(acc, delta(), weight);
        }
    }
}
