package org.flotilla.edge.training;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.kernels.FastTrainer;

/**
 * One worker: a replica of the network, always run on the same thread of the {@link WorkerPool}
 * (ND4J workspaces are per thread), training on the batches its loader queue delivers and
 * recording how long each training step takes.
 *
 * <p>A step is {@link FastTrainer#fit} when the replica has a trainer (plain-SGD mlp and cnn plans),
 * else DL4J's {@code network.fit}; both update the network's own parameter array, on which the
 * proximal step, the averaging and {@code Networks.parameters} then act. A trainer is not
 * thread-safe, so each replica has its own, used only on its worker thread.
 *
 * <p>Closing a replica at the end of a round frees its native memory (the trainer's buffers, the
 * proximal step's copy of the global weights, a cloned network's parameters) on that same worker
 * thread, so it runs after any step still in progress there and never under a running kernel.
 */
final class Replica implements AutoCloseable {

    private final int index;
    private final MultiLayerNetwork network;
    private final boolean ownsNetwork;
    private final WorkerPool pool;
    private final IntervalRecorder recorder = new IntervalRecorder();
    /** Null when the step is DL4J's fit. */
    private final FastTrainer fast;
    /** Counts DL4J's predictions; null on the FastTrainer path, which counts its own. */
    private final AccuracyProbe probe;
    private final ProximalStep proximal;

    /**
     * @param maxBatch the largest mini-batch the replica will see
     * @param useFast  train with a {@link FastTrainer} (the caller checked that it accepts the network)
     */
    Replica(WorkerPool pool, int index, MultiLayerNetwork network, boolean ownsNetwork, ProximalStep proximal,
            int maxBatch, boolean useFast) {
        this.pool = pool;
        this.index = index;
        this.network = network;
        this.ownsNetwork = ownsNetwork;
        this.proximal = proximal;
        if (useFast) {
            this.fast = FastTrainer.create(network, maxBatch).orElseThrow(() -> new IllegalStateException(
                    "FastTrainer declined replica " + index + ": " + FastTrainer.unsupportedReason(network)));
            this.probe = null;
        } else {
            this.fast = null;
            this.probe = new AccuracyProbe(network);
            network.setListeners(probe);
        }
    }

    MultiLayerNetwork network() {
        return network;
    }

    IntervalRecorder recorder() {
        return recorder;
    }

    /** The replica's trainer, or null when its step is DL4J's fit. */
    FastTrainer trainer() {
        return fast;
    }

    /** Trains up to {@code maxBatches} batches, stopping early at the epoch's end or a stop request. */
    Future<Period> trainAsync(BatchLoader loader, int maxBatches, boolean countAccuracy, StopSignal stop) {
        return pool.submit(index, () -> train(loader, maxBatches, countAccuracy, stop));
    }

    private Period train(BatchLoader loader, int maxBatches, boolean countAccuracy, StopSignal stop)
            throws InterruptedException {
        int batches = 0;
        long examples = 0;
        double lossSum = 0;
        long correct = 0;
        long counted = 0;
        long correctBefore = probe == null ? 0 : probe.correct();
        long countedBefore = probe == null ? 0 : probe.counted();
        boolean epochEnded = false;
        while (batches < maxBatches && !stop.isRequested()) {
            BatchLoader.Batch batch = loader.take(index);
            if (batch == BatchLoader.END_OF_EPOCH) {
                epochEnded = true;
                break;
            }
            double loss;
            long start = System.nanoTime();
            if (fast != null) {
                loss = fast.fit(batch.data().getFeatures(), batch.data().getLabels());
            } else {
                probe.expect(countAccuracy ? batch.labels() : null);
                network.fit(batch.data());
                loss = network.score();
            }
            if (proximal != null) {
                proximal.apply(network.params());
            }
            recorder.record(start, System.nanoTime());
            if (fast != null && countAccuracy) {
                correct += fast.countCorrect(batch.labels());
                counted += batch.size();
            }
            lossSum += loss * batch.size();
            examples += batch.size();
            batches++;
            loader.recycle(batch);
        }
        if (probe != null) {
            correct = probe.correct() - correctBefore;
            counted = probe.counted() - countedBefore;
        }
        return new Period(batches, examples, lossSum, correct, counted, epochEnded);
    }

    /**
     * Frees the replica's native memory on its worker thread, after whatever that thread is still
     * running; on the calling thread if the pool no longer takes tasks. Waits for it.
     */
    @Override
    public void close() {
        Future<?> release;
        try {
            release = pool.submit(index, () -> {
                release();
                return null;
            });
        } catch (RejectedExecutionException poolClosed) {
            release();
            return;
        }
        try {
            release.get();
        } catch (InterruptedException e) {
            // the release stays queued on the worker and runs after its current step
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("freeing replica " + index + " failed: " + e.getCause(), e.getCause());
        }
    }

    private void release() {
        if (fast != null) {
            fast.close();
        }
        if (probe != null) {
            network.setListeners();
        }
        if (proximal != null) {
            proximal.close();
        }
        if (ownsNetwork) {
            NetworkMemory.release(network);
        }
    }

    /**
     * What a worker did between two averagings.
     *
     * @param batches    mini-batches trained
     * @param examples   examples in them
     * @param lossSum    Σ batch loss × batch size
     * @param correct    correct predictions counted
     * @param counted    predictions counted
     * @param epochEnded whether the worker reached the end of its epoch
     */
    record Period(int batches, long examples, double lossSum, long correct, long counted, boolean epochEnded) {
    }
}
