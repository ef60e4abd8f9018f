/**
 * The training benchmark: samples/s and one-round test accuracy of the worker pool with N
 * workers (and of DL4J's ParallelWrapper) on Fashion-MNIST, each configuration in a fresh JVM
 * with the {@code OMP_NUM_THREADS} the launcher would set. Run it with
 * {@code ./mvnw -q -B -pl edge-client -Pbench test-compile exec:exec}; see docs/edge-client.md.
 */
package org.flotilla.edge.bench;
