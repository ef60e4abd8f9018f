/**
 * Secure aggregation in the coordinator (SecAgg+: Bell, Bonawitz, Gascón, Lepoint, Raykova,
 * "Secure Single-Server Aggregation with (Poly)Logarithmic Overhead", CCS 2020, over Bonawitz et
 * al., "Practical Secure Aggregation for Privacy-Preserving Machine Learning", CCS 2017): the
 * round's four phases ({@link org.flotilla.coordinator.secagg.SecurePhase}), the server session
 * rebuilt from what was stored ({@link org.flotilla.coordinator.secagg.ServerReplay}) so that any
 * replica, and a restarted one, continues a round, and the unmasked weighted mean handed to a
 * mean-based strategy ({@link org.flotilla.coordinator.secagg.SecureMean}).
 *
 * <p>The phases are cohort kinds of the engine ({@code SecurePhaseWork}) with their answer
 * endpoints ({@code SecureAnswers}); the job runner opens them in order for a job with stored
 * SecAgg+ parameters ({@link org.flotilla.coordinator.secagg.SecureChain}). Job requests asking
 * for secure aggregation are still refused at creation (see {@code job.SecureAggregationRequest})
 * until the edge client takes part.
 */
package org.flotilla.coordinator.secagg;
