/**
 * The edge client's side of secure aggregation (SecAgg+, Bell et al. 2020, over Bonawitz et al.
 * 2017): one {@link org.flotilla.edge.secagg.SecureRound} per round drives the library's
 * {@code ClientSession} and keeps its state on the device, durably across restarts inside the
 * round ({@link org.flotilla.edge.secagg.SecureRoundStore}: mode 0600, atomic replace, written
 * before each message is handed out, deleted when the round ends). Only protocol messages leave
 * this package; a protocol abort becomes a decline with
 * {@link org.flotilla.model.protocol.DeclineReason#SECURE_AGGREGATION_ABORTED}.
 *
 * <p>Not yet called by the round runner: the coordinator does not run secure rounds yet.
 */
package org.flotilla.edge.secagg;
