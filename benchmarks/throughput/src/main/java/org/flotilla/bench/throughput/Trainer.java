package org.flotilla.bench.throughput;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One replica: trains on mini-batches and predicts. Used by one thread only. */
interface Trainer extends AutoCloseable {

    /** One SGD step on a batch (features {@code [b, 784]}, one-hot labels {@code [b, 10]}). */
    void fit(INDArray features, INDArray labels);

    /** Class probabilities for {@code features}. */
    INDArray output(INDArray features);

    @Override
    void close();
}
