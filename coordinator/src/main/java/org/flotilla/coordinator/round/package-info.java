/**
 * Rounds: the persisted state machine of each round attempt ({@link
 * org.flotilla.coordinator.round.RoundState}), selection with over-selection at check-in
 * (long-poll), declines, deadlines on a scheduler re-armed from the database at start-up,
 * quorum and retries, committing aggregation outcomes, and the monitoring and model endpoints.
 */
package org.flotilla.coordinator.round;
