/** The secure-aggregation cost benchmark (benchmarks/secagg/run). */
package org.flotilla.bench.secagg;
