/**
 * The one-command demo: a real coordinator process and real edge-client processes on one
 * machine, driven over HTTP only. The time-to-accuracy benchmark (benchmarks/time-to-accuracy)
 * reuses its federation package and job requests.
 */
package org.flotilla.demo;
