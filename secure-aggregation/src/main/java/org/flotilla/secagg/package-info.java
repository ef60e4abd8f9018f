/**
 * Secure aggregation for Flotilla: SecAgg+ (J. Bell, K. Bonawitz, A. Gascón, T. Lepoint,
 * M. Raykova, "Secure Single-Server Aggregation with (Poly)Logarithmic Overhead", ACM CCS 2020),
 * which builds on K. Bonawitz et al., "Practical Secure Aggregation for Privacy-Preserving
 * Machine Learning", ACM CCS 2017. The server learns the weighted sum of the clients' quantized
 * updates and nothing else about any individual update.
 *
 * <p>This package holds the protocol's parameters and their per-round resolution; the
 * sub-packages hold the primitives ({@code crypto}), quantization ({@code quant}), the
 * neighbourhood graph ({@code graph}), the wire messages ({@code wire}) and the two parties'
 * state machines ({@code client}, {@code server}). Everything is pure logic: no I/O, no threads,
 * no clock; the coordinator and the edge client supply transport, persistence and deadlines.
 */
package org.flotilla.secagg;
