package org.flotilla.bench.edge;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;

/** The same epoch trained by DL4J's ParallelWrapper (parameter averaging every {@code k} batches). */
public final class ParallelWrapperRun {

    private ParallelWrapperRun() {
    }

    /** Fits one epoch; returns the seconds it took. */
    public static double fit(MultiLayerNetwork net, LabeledDataSetIterator data, int workers, int k) throws Exception {
        ParallelWrapper pw = new ParallelWrapper.Builder<>(net)
                .workers(workers)
                .prefetchBuffer(4)
                .averagingFrequency(k)
                .reportScoreAfterAveraging(false)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .build();
        long t0 = System.nanoTime();
        pw.fit(data);
        double seconds = (System.nanoTime() - t0) / 1e9;
        pw.close();
        return seconds;
    }
}
