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
 * SecAgg+ parameters ({@link org.flotilla.coordinator.secagg.SecureChain}), which
 * {@code job.SecureAggregationRequest} checked at creation. The closings of the phases before the
 * unmasking do no tensor work and run on the engine's closing thread, not on the tensor pool.
 */
package org.flotilla.coordinator.secagg;
