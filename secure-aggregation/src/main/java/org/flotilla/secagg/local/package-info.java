/**
 * A whole secure round in one process, every message passed through its wire encoding: for the
 * library's tests, the benchmark and the simulation mode's virtual clients. Not a transport.
 */
package org.flotilla.secagg.local;
