package org.flotilla.model.protocol;

import java.util.Arrays;
import java.util.Optional;

/**
 * The keys of {@code UpdateMetrics.extra} the edge client reports and the coordinator reads: all
 * aggregate numbers about the round's training or its update, never anything per example.
 */
public enum ExtraMetric {
    /** Local epochs run. */
    EPOCHS("epochs"),
    /** Batches between averagings of the worker replicas. */
    AVERAGING_FREQUENCY("averagingFrequency"),
    /** How many times the worker replicas were averaged. */
    AVERAGINGS("averagings"),
    /** The L2 norm of the update before clipping (not sent under local differential privacy). */
    UPDATE_NORM("updateNorm"),
    /**
     * 1 when the update was scaled down to {@code clipNorm}, else 0: the clipped-count bit of
     * adaptive clipping (not sent under local differential privacy).
     */
    CLIPPED("clipped"),
    /** The local noise multiplier the client applied ({@code localNoiseMultiplier}), sent only when it did. */
    LOCAL_NOISE_MULTIPLIER("localNoiseMultiplier"),
    /** 1 when a code bundle trained the round in a child JVM (docs/code-bundles.md); absent for the built-in loop. */
    BUNDLE("bundle");

    private final String key;

    ExtraMetric(String key) {
        this.key = key;
    }

    /** The key in {@code extra}, e.g. {@code clipped}. */
    public String key() {
        return key;
    }

    /** The metric a key names, if it is one of the protocol's. */
    public static Optional<ExtraMetric> ofKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }
}
