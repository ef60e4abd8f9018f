package org.flotilla.edge.training;

/**
 * How to train one round locally.
 *
 * @param workers            worker threads (replicas), at least 1
 * @param averagingFrequency average the replicas every this many mini-batches per worker (they are
 *                           also averaged at every epoch end and at the end)
 * @param epochs             local epochs
 * @param batchSize          mini-batch size per worker
 * @param seed               seed of the per-epoch shuffling
 * @param learningRate       the optimizer's learning rate (used by the proximal step)
 * @param fedproxMu          FedProx μ, 0 for none
 * @param prefetch           ready batches queued per worker
 * @param fastTrainer        train with {@code FastTrainer}'s kernels when it accepts the network (the
 *                           default); false always uses DL4J's {@code fit} (for comparisons)
 */
public record TrainingOptions(int workers, int averagingFrequency, int epochs, int batchSize, long seed,
                              double learningRate, double fedproxMu, int prefetch, boolean fastTrainer) {

    /**
     * Default {@link #averagingFrequency}: 16 mini-batches. Measured (docs/edge-client.md, 2 workers,
     * Fashion-MNIST): averaging after every batch cost the MLP 8 % throughput (barrier waits), while
     * averaging only at epoch ends cost the CNN 1.5 accuracy points; at 16 neither cost shows.
     */
    public static final int DEFAULT_AVERAGING_FREQUENCY = 16;

    /** Default prefetch depth per worker. */
    public static final int DEFAULT_PREFETCH = 4;

    public TrainingOptions {
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be in [1, 1024], was " + workers);
        }
        if (averagingFrequency < 1) {
            throw new IllegalArgumentException("averagingFrequency must be at least 1, was " + averagingFrequency);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, was " + epochs);
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1, was " + batchSize);
        }
        if (!(fedproxMu >= 0) || Double.isInfinite(fedproxMu)) {
            throw new IllegalArgumentException("fedproxMu must be a finite number >= 0, was " + fedproxMu);
        }
        if (prefetch < 1) {
            throw new IllegalArgumentException("prefetch must be at least 1, was " + prefetch);
        }
    }

    /** Options that use the fastest training path available ({@code fastTrainer} true). */
    public TrainingOptions(int workers, int averagingFrequency, int epochs, int batchSize, long seed,
                           double learningRate, double fedproxMu, int prefetch) {
        this(workers, averagingFrequency, epochs, batchSize, seed, learningRate, fedproxMu, prefetch, true);
    }

    /** These options with another worker count. */
    public TrainingOptions withWorkers(int n) {
        return new TrainingOptions(n, averagingFrequency, epochs, batchSize, seed, learningRate, fedproxMu, prefetch,
                fastTrainer);
    }

    /** These options with another averaging frequency. */
    public TrainingOptions withAveragingFrequency(int k) {
        return new TrainingOptions(workers, k, epochs, batchSize, seed, learningRate, fedproxMu, prefetch, fastTrainer);
    }

    /** These options with another FedProx μ. */
    public TrainingOptions withFedproxMu(double mu) {
        return new TrainingOptions(workers, averagingFrequency, epochs, batchSize, seed, learningRate, mu, prefetch,
                fastTrainer);
    }

    /** These options with {@code FastTrainer} allowed or not. */
    public TrainingOptions withFastTrainer(boolean allowed) {
        return new TrainingOptions(workers, averagingFrequency, epochs, batchSize, seed, learningRate, fedproxMu,
                prefetch, allowed);
    }
}
