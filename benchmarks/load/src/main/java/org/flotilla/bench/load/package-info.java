/**
 * The coordinator load benchmark: thousands of protocol clients (the edge client's own
 * {@code CoordinatorClient}, without training) against a coordinator process, measuring answer
 * times, the coordinator's CPU per request type and its memory. {@code benchmarks/load/run}.
 */
package org.flotilla.bench.load;
