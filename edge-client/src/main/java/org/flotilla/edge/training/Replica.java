package org.flotilla.edge.training;

import java.util.concurrent.Future;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.edge.lifecycle.StopSignal;

/**
 * One worker: a replica of the network, always run on the same thread of the {@link WorkerPool}
 * (ND4J workspaces are per thread), training on the batches its loader queue delivers and
 * recording how long each training step takes.
 */
final class Replica implements AutoCloseable {

    private final int index;
    private final MultiLayerNetwork network;
    private final boolean ownsNetwork;
    private final WorkerPool pool;
    private final IntervalRecorder recorder = new IntervalRecorder();
    private final AccuracyProbe probe;
    private final ProximalStep proximal;

    Replica(WorkerPool pool, int index, MultiLayerNetwork network, boolean ownsNetwork, ProximalStep proximal) {
        this.pool = pool;
        this.index = index;
        this.network = network;
        this.ownsNetwork = ownsNetwork;
        this.proximal = proximal;
        this.probe = new AccuracyProbe(network);
        network.setListeners(probe);
    }

    MultiLayerNetwork network() {
        return network;
    }

    IntervalRecorder recorder() {
        return recorder;
    }

    AccuracyProbe probe() {
        return probe;
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
        long correctBefore = probe.correct();
        long countedBefore = probe.counted();
        boolean epochEnded = false;
        while (batches < maxBatches && !stop.isRequested()) {
            BatchLoader.Batch batch = loader.take(index);
            if (batch == BatchLoader.END_OF_EPOCH) {
                epochEnded = true;
                break;
            }
            probe.expect(countAccuracy ? batch.labels() : null);
            long start = System.nanoTime();
            network.fit(batch.data());
            if (proximal != null) {
                proximal.apply(network.params());
            }
            recorder.record(start, System.nanoTime());
            lossSum += network.score() * batch.size();
            examples += batch.size();
            batches++;
            BatchLoader.release(batch);
        }
        return new Period(batches, examples, lossSum, probe.correct() - correctBefore,
                probe.counted() - countedBefore, epochEnded);
    }

    @Override
    public void close() {
        network.setListeners();
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
