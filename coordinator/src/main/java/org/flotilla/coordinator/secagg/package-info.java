/**
 * Secure aggregation in the coordinator (SecAgg+: Bell, Bonawitz, Gascón, Lepoint, Raykova,
 * "Secure Single-Server Aggregation with (Poly)Logarithmic Overhead", CCS 2020, over Bonawitz et
 * al., "Practical Secure Aggregation for Privacy-Preserving Machine Learning", CCS 2017): the
 * round's four phases ({@link org.flotilla.coordinator.secagg.SecurePhase}), the server session
 * rebuilt from what was stored ({@link org.flotilla.coordinator.secagg.ServerReplay}) so that any
 * replica, and a restarted one, continues a round, and the unmasked weighted mean handed to a
 * mean-based strategy ({@link org.flotilla.coordinator.secagg.SecureMean}).
 *
 * <p>The phases are not yet cohort kinds of the engine: jobs asking for secure aggregation are
 * refused at creation (see {@code job.SecureAggregationRequest}).
 */
package org.flotilla.coordinator.secagg;
