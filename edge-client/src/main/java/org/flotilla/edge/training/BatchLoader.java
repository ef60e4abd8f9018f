package org.flotilla.edge.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One loader thread that prepares mini-batches for every worker ahead of time, each worker
 * reading its own bounded queue. Worker {@code w} gets the batches of its shard
 * ({@link LabeledDataSetIterator#shards}: a fresh seeded permutation each epoch, interleaved
 * between workers), then an end-of-epoch marker, epoch after epoch.
 *
 * <p>The loader never blocks on one worker's full queue while another worker's queue is empty
 * (that could deadlock with the trainer's averaging barrier): it fills whichever queues have room
 * and otherwise waits until some worker takes a batch.
 */
final class BatchLoader implements AutoCloseable {

    /** A ready mini-batch; {@code labels} are the class indices, for the accuracy probe. */
    record Batch(DataSet data, int[] labels) {

        int size() {
            return labels.length;
        }
    }

    /** Marks the end of an epoch in a worker's queue. */
    static final Batch END_OF_EPOCH = new Batch(null, new int[0]);

    private final List<LabeledDataSetIterator> shards;
    private final List<ArrayBlockingQueue<Batch>> queues = new ArrayList<>();
    private final int epochs;
    private final Semaphore taken = new Semaphore(0);
    private final Thread thread;
    private volatile Throwable failure;
    private volatile boolean closed;

    BatchLoader(LabeledDataset data, int batchSize, long seed, int workers, int epochs, int capacity) {
        LabeledDataSetIterator full = LabeledDataSetIterator.builder(data).batchSize(batchSize).seed(seed).build();
        this.shards = full.shards(workers);
        for (int w = 0; w < workers; w++) {
            queues.add(new ArrayBlockingQueue<>(capacity));
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
                taken.release();
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

    private void run() {
        int workers = shards.size();
        int[] epochOf = new int[workers];
        int remaining = workers;
        try {
            while (remaining > 0 && !closed) {
                taken.drainPermits();
                boolean progress = false;
                for (int w = 0; w < workers; w++) {
                    if (epochOf[w] >= epochs || queues.get(w).remainingCapacity() == 0) {
                        continue;
                    }
                    LabeledDataSetIterator shard = shards.get(w);
                    if (shard.hasNext()) {
                        DataSet ds = shard.next();
                        queues.get(w).add(new Batch(ds, Nd4j.argMax(ds.getLabels(), 1).toIntVector()));
                    } else {
                        queues.get(w).add(END_OF_EPOCH);
                        epochOf[w]++;
                        if (epochOf[w] < epochs) {
                            shard.reset();
                        } else {
                            remaining--;
                        }
                    }
                    progress = true;
                }
                if (!progress) {
                    taken.tryAcquire(50, TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable t) {
            failure = t;
        }
    }

    @Override
    public void close() throws InterruptedException {
        closed = true;
        thread.join(5_000);
        for (ArrayBlockingQueue<Batch> q : queues) {
            for (Batch b; (b = q.poll()) != null; ) {
                release(b);
            }
        }
    }

    /** Frees a batch's native memory now rather than at garbage collection. */
    static void release(Batch b) {
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
