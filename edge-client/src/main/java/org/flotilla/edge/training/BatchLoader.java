package org.flotilla.edge.training;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One loader thread that prepares mini-batches for every worker ahead of time, each worker
 * reading its own bounded queue. Worker {@code w} gets the batches of its shard
 * ({@link LabeledDataSetIterator#shards}: a fresh seeded permutation each epoch, interleaved
 * between workers), then an end-of-epoch marker, epoch after epoch.
 *
 * <p>Full-size batches are written into native buffers allocated once per worker (its queue's
 * capacity plus two: one being trained on, one being filled) and handed back with
 * {@link #recycle}; only an epoch's last, partial batch gets arrays of its own. Allocating two ND4J
 * arrays and arg-maxing the labels cost the loader about 140 µs per batch, as much as a third of a
 * FastTrainer mlp step, on a core the workers need.
 *
 * <p>The loader never blocks on one worker's full queue while another worker's queue is empty
 * (that could deadlock with the trainer's averaging barrier): it fills whichever queues have room
 * and otherwise waits until some worker takes or recycles a batch.
 */
final class BatchLoader implements AutoCloseable {

    /**
     * A ready mini-batch; {@code labels} are the class indices, for accuracy counting. A pooled
     * batch belongs to worker {@code owner}'s buffers and is reused after {@link #recycle}.
     */
    record Batch(DataSet data, int[] labels, int owner, boolean pooled) {

        int size() {
            return labels.length;
        }
    }

    /** Marks the end of an epoch in a worker's queue. */
    static final Batch END_OF_EPOCH = new Batch(null, new int[0], -1, false);

    private final LabeledDataset data;
    private final int batchSize;
    private final List<LabeledDataSetIterator> shards;
    private final List<ArrayBlockingQueue<Batch>> queues = new ArrayList<>();
    /** Per worker: full-size batches ready to be filled again. */
    private final List<ArrayBlockingQueue<Batch>> free = new ArrayList<>();
    private final float[] featureRows;
    private final float[] oneHot;
    private final int epochs;
    private final Semaphore progress = new Semaphore(0);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean closed;

    BatchLoader(LabeledDataset data, int batchSize, long seed, int workers, int epochs, int capacity) {
        LabeledDataSetIterator full = LabeledDataSetIterator.builder(data).batchSize(batchSize).seed(seed).build();
        this.data = data;
        this.batchSize = batchSize;
        this.shards = full.shards(workers);
        this.featureRows = new float[batchSize * data.featureCount()];
        this.oneHot = new float[batchSize * data.numClasses()];
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            for (int w = 0; w < workers; w++) {
                queues.add(new ArrayBlockingQueue<>(capacity));
                ArrayBlockingQueue<Batch> pool = new ArrayBlockingQueue<>(capacity + 2);
                for (int i = 0; i < capacity + 2; i++) {
                    Batch b = new Batch(new DataSet(Nd4j.create(DataType.FLOAT, batchSize, data.featureCount()),
                            Nd4j.create(DataType.FLOAT, batchSize, data.numClasses())), new int[batchSize], w, true);
                    pool.add(b);
                }
                free.add(pool);
            }
        }
        this.epochs = epochs;
        this.thread = Thread.ofPlatform().name("flotilla-loader").daemon(true).unstarted(this::run);
    }

    BatchLoader start() {
        thread.start();
        return this;
    }

    /** Examples worker {@code w} sees per epoch. */
    int shardSize(int w) {
        return shards.get(w).numExamples();
    }

    /**
     * The next batch for worker {@code w}, or {@link #END_OF_EPOCH}; waits while none is ready.
     *
     * @throws IllegalStateException when the loader failed
     */
    Batch take(int w) throws InterruptedException {
        ArrayBlockingQueue<Batch> q = queues.get(w);
        while (true) {
            Batch b = q.poll(50, TimeUnit.MILLISECONDS);
            if (b != null) {
                progress.release();
                return b;
            }
            if (failure != null) {
                throw new IllegalStateException("preparing mini-batches failed: " + failure, failure);
            }
            if (closed) {
                throw new InterruptedException("loader closed");
            }
        }
    }

    /** Hands a batch back once it has been trained on: refilled later, or freed if it was not pooled. */
    void recycle(Batch b) {
        if (b.pooled()) {
            free.get(b.owner()).add(b);
            progress.release();
        } else {
            close(b);
        }
    }

    private void run() {
        int workers = shards.size();
        int[] epochOf = new int[workers];
        int remaining = workers;
        try {
            while (remaining > 0 && !closed) {
                progress.drainPermits();
                boolean progressed = false;
                for (int w = 0; w < workers; w++) {
                    if (epochOf[w] >= epochs || queues.get(w).remainingCapacity() == 0) {
                        continue;
                    }
                    LabeledDataSetIterator shard = shards.get(w);
                    if (shard.hasNext()) {
                        Batch slot = free.get(w).poll();
                        if (slot == null) {
                            continue;
                        }
                        queues.get(w).add(fill(slot, shard.nextExamples(batchSize)));
                    } else {
                        queues.get(w).add(END_OF_EPOCH);
                        epochOf[w]++;
                        if (epochOf[w] < epochs) {
                            shard.reset();
                        } else {
                            remaining--;
                        }
                    }
                    progressed = true;
                }
                if (!progressed) {
                    progress.tryAcquire(50, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    /**
     * Writes the examples into {@code slot}; a partial batch gets new arrays of its exact size
     * (and {@code slot} goes back to the free list).
     */
    private Batch fill(Batch slot, int[] examples) {
        int n = examples.length;
        int f = data.featureCount();
        int k = data.numClasses();
        int[] labels = n == batchSize ? slot.labels() : new int[n];
        Arrays.fill(oneHot, 0, n * k, 0f);
        for (int i = 0; i < n; i++) {
            data.copyFeatures(examples[i], featureRows, i * f);
            labels[i] = data.label(examples[i]);
            oneHot[i * k + labels[i]] = 1f;
        }
        if (n == batchSize) {
            put(slot.data().getFeatures(), featureRows, n * f);
            put(slot.data().getLabels(), oneHot, n * k);
            return slot;
        }
        free.get(slot.owner()).add(slot);
        DataSet exact = new DataSet(Nd4j.create(Arrays.copyOf(featureRows, n * f), new long[] {n, f}, 'c'),
                Nd4j.create(Arrays.copyOf(oneHot, n * k), new long[] {n, k}, 'c'));
        return new Batch(exact, labels, slot.owner(), false);
    }

    private static void put(INDArray target, float[] values, int length) {
        FloatBuffer buffer = target.data().asNioFloat();
        buffer.put(0, values, 0, length);
    }

    /**
     * Stops the loader and frees the batches no worker holds: those queued and those free. A batch
     * still in a worker's hands (when training ended with a failure) is left to the garbage
     * collector rather than freed under the worker.
     */
    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5_000);
        if (thread.isAlive()) {
            return;   // still writing into some batch; the garbage collector frees them all
        }
        for (List<ArrayBlockingQueue<Batch>> lists : List.of(queues, free)) {
            for (ArrayBlockingQueue<Batch> q : lists) {
                for (Batch b; (b = q.poll()) != null; ) {
                    close(b);
                }
            }
        }
    }

    /** Frees a batch's native memory now rather than at garbage collection. */
    private static void close(Batch b) {
        if (b.data() != null) {
            if (b.data().getFeatures().closeable()) {
                b.data().getFeatures().close();
            }
            if (b.data().getLabels().closeable()) {
                b.data().getLabels().close();
            }
        }
    }
}
