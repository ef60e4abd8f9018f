/**
 * Training rounds as a kind of cohort ({@link org.flotilla.coordinator.round.TrainingWork}): what a
 * participant returns (an update, streamed, verified and stored durably before it is counted), what
 * closing does (the job's strategy aggregates the stored updates; the new weights, strategy state
 * and provenance become artifacts; the round's result is committed with the job), and the
 * per-client settings the strategy chooses. Selection, deadlines, quorum and retries are the
 * cohort engine's and the job runner's.
 */
package org.flotilla.coordinator.round;
