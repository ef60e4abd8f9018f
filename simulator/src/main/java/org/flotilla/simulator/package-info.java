/**
 * The simulation mode: thousands of virtual clients in one JVM against a real coordinator. A
 * virtual client is the edge client's own {@code EdgeClient} (enrolment, check-ins, training,
 * uploads, declines), built in-process with an in-memory state store, its slice of one shared data
 * set and a shared set of training lanes; its protocol loop runs on a virtual thread, so an idle
 * client costs no platform thread. Entry points: {@link org.flotilla.simulator.Simulation#builder()}
 * for programs and tests, {@link org.flotilla.simulator.SimulateCommand} for {@code ./flotilla simulate}.
 */
package org.flotilla.simulator;
