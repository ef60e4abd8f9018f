/**
 * The training benchmark: samples/s and one-round test accuracy of the edge client's own training
 * path (worker pool, loader, replicas, averaging) with N workers, FastTrainer or DL4J's fit, on the
 * generic or the oneDNN build of libnd4j (and DL4J's ParallelWrapper for comparison), each
 * configuration in a fresh JVM, on Fashion-MNIST. Run it with {@code benchmarks/edge-training/run}
 * (see benchmarks/README.md and docs/edge-client.md).
 */
package org.flotilla.bench.edge;
