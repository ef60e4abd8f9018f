package org.flotilla.datasets.iterator;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NoSuchElementException;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.Permutations;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Mini-batches of a {@link LabeledDataset} for DL4J: features {@code [batch, featureCount]} float32
 * (flat rows; a convolutional network reads them through {@code InputType.convolutionalFlat}) and
 * one-hot labels {@code [batch, numClasses]}.
 *
 * <p>Epoch {@code e} visits the examples in a permutation drawn from {@code (seed, e)}; the first
 * epoch is 0 and every {@link #reset()} advances to the next epoch, so a training run is
 * reproducible from its seed. The last partial batch is kept unless {@code dropLast} is set.
 *
 * <p>A <em>shard</em> view ({@link #shard}, {@link #shards}) for worker {@code i} of {@code N}
 * holds the examples whose position in the epoch's permutation is {@code ≡ i (mod N)}. The
 * workers' shards are disjoint and together cover the data set exactly once per epoch; their sizes
 * differ by at most one; and since the permutation changes each epoch, every worker sees different
 * examples each epoch (interleaving, not contiguous blocks, so no worker is stuck with one region
 * of the data). Each worker thread needs its own iterator; an iterator is not thread-safe.
 */
public final class LabeledDataSetIterator implements DataSetIterator {

    private static final long serialVersionUID = 1L;

    private final transient LabeledDataset data;
    private final Settings settings;
    private final int worker;
    private final int workers;
    private transient DataSetPreProcessor preProcessor;
    private int epoch;
    private int[] order;
    private int cursor;

    /** Shuffled batches of {@code batchSize} over the whole data set, last partial batch kept. */
    public LabeledDataSetIterator(LabeledDataset data, int batchSize, long seed) {
        this(data, new Settings(batchSize, seed, true, false, null), 0, 1);
    }

    private LabeledDataSetIterator(LabeledDataset data, Settings settings, int worker, int workers) {
        if (data == null) {
            throw new IllegalArgumentException("data must not be null");
        }
        if (workers < 1 || worker < 0 || worker >= workers) {
            throw new IllegalArgumentException("worker must be in [0, " + workers + "), was " + worker);
        }
        if (settings.classNames() != null && settings.classNames().size() != data.numClasses()) {
            throw new IllegalArgumentException(settings.classNames().size() + " class names for "
                    + data.numClasses() + " classes");
        }
        this.data = data;
        this.settings = settings;
        this.worker = worker;
        this.workers = workers;
        startEpoch(0);
    }

    /** A builder for the less common settings. */
    public static Builder builder(LabeledDataset data) {
        return new Builder(data);
    }

    /** The view of worker {@code worker} of {@code workers}, with this iterator's settings, at epoch 0. */
    public LabeledDataSetIterator shard(int worker, int workers) {
        if (this.workers != 1) {
            throw new IllegalStateException("this iterator is already a shard; shard the full iterator instead");
        }
        return new LabeledDataSetIterator(data, settings, worker, workers);
    }

    /** All {@code workers} shard views, index = worker. */
    public List<LabeledDataSetIterator> shards(int workers) {
        List<LabeledDataSetIterator> out = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            out.add(shard(i, workers));
        }
        return out;
    }

    /** Current epoch, 0 until the first {@link #reset()}. */
    public int epoch() {
        return epoch;
    }

    /** Examples this iterator visits per epoch (its shard's size, before dropping a partial batch). */
    public int numExamples() {
        return order.length;
    }

    @Override
    public boolean hasNext() {
        int remaining = order.length - cursor;
        return remaining > 0 && (!settings.dropLast() || remaining >= settings.batchSize());
    }

    @Override
    public DataSet next() {
        return next(settings.batchSize());
    }

    @Override
    public DataSet next(int num) {
        int[] examples = nextExamples(num);
        int size = examples.length;
        int featureCount = data.featureCount();
        int numClasses = data.numClasses();
        float[] features = new float[size * featureCount];
        float[] labels = new float[size * numClasses];
        for (int i = 0; i < size; i++) {
            int example = examples[i];
            data.copyFeatures(example, features, i * featureCount);
            labels[i * numClasses + data.label(example)] = 1f;
        }
        DataSet batch = new DataSet(Nd4j.create(features, new long[] {size, featureCount}, 'c'),
                Nd4j.create(labels, new long[] {size, numClasses}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /**
     * The next batch as indices into the data set, in the order {@link #next(int)} would return its
     * examples, advancing the same way: for callers that copy the examples into buffers of their own
     * instead of allocating a {@code DataSet} per batch. The pre-processor is not applied.
     */
    public int[] nextExamples(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is finished; call reset() for the next epoch");
        }
        if (num < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, was " + num);
        }
        int size = Math.min(num, order.length - cursor);
        int[] examples = Arrays.copyOfRange(order, cursor, cursor + size);
        cursor += size;
        return examples;
    }

    @Override
    public int inputColumns() {
        return data.featureCount();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    /** Advances to the next epoch and reshuffles (deterministically for the seed). */
    @Override
    public void reset() {
        startEpoch(epoch + 1);
    }

    @Override
    public int batch() {
        return settings.batchSize();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    /** Class names if given to the builder, else {@code null} (DL4J then uses the class indices). */
    @Override
    public List<String> getLabels() {
        return settings.classNames();
    }

    private void startEpoch(int newEpoch) {
        int n = data.size();
        int[] permutation = settings.shuffle()
                ? Permutations.random(n, Permutations.stream(settings.seed(), newEpoch))
                : Permutations.identity(n);
        int[] mine = new int[(n - worker + workers - 1) / workers];
        for (int position = worker, i = 0; position < n; position += workers, i++) {
            mine[i] = permutation[position];
        }
        this.epoch = newEpoch;
        this.order = mine;
        this.cursor = 0;
    }

    /** Settings shared by an iterator and its shards. */
    private record Settings(int batchSize, long seed, boolean shuffle, boolean dropLast, List<String> classNames)
            implements Serializable {
        Settings {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, was " + batchSize);
            }
            classNames = classNames == null ? null : List.copyOf(classNames);
        }
    }

    /** Builds a {@link LabeledDataSetIterator}; defaults: batch 32, seed 42, shuffled, last batch kept. */
    public static final class Builder {
        private final LabeledDataset data;
        private int batchSize = 32;
        private long seed = 42;
        private boolean shuffle = true;
        private boolean dropLast;
        private List<String> classNames;
        private int worker;
        private int workers = 1;

        private Builder(LabeledDataset data) {
            this.data = data;
        }

        /** Examples per batch. */
        public Builder batchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /** Seed of the per-epoch permutations. */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /** Whether to shuffle each epoch (default true); false visits examples in order. */
        public Builder shuffle(boolean value) {
            this.shuffle = value;
            return this;
        }

        /** Whether to skip the last batch of an epoch when it is smaller than the batch size. */
        public Builder dropLast(boolean value) {
            this.dropLast = value;
            return this;
        }

        /** Names reported by {@link LabeledDataSetIterator#getLabels()}, one per class. */
        public Builder classNames(List<String> names) {
            this.classNames = names;
            return this;
        }

        /** Restricts the iterator to the shard of worker {@code index} of {@code count}. */
        public Builder shard(int index, int count) {
            this.worker = index;
            this.workers = count;
            return this;
        }

        /** The iterator, at epoch 0. */
        public LabeledDataSetIterator build() {
            return new LabeledDataSetIterator(data, new Settings(batchSize, seed, shuffle, dropLast, classNames),
                    worker, workers);
        }
    }
}
