/**
 * The local-training throughput benchmark: samples per second of the mlp and cnn on Fashion-MNIST
 * for DL4J settings, native builds and Flotilla's training kernels. Run it with
 * {@code benchmarks/throughput/run}; findings are in {@code docs/performance.md}.
 */
package org.flotilla.bench.throughput;
