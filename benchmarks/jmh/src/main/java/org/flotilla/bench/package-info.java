/** JMH micro-benchmarks of the coordinator's aggregation. */
package org.flotilla.bench;
