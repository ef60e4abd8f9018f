/**
 * The time-to-accuracy benchmark: fixed workloads on the real system (a coordinator and ten
 * edge-client processes on loopback), reported as JSON and a markdown table.
 */
package org.flotilla.bench.timetoaccuracy;
