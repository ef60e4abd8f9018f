/** The differential-privacy utility benchmark (benchmarks/dp-utility/run). */
package org.flotilla.bench.dputility;
