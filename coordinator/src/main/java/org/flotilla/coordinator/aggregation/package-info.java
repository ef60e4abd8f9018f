/**
 * Aggregation as computation: applying a job's strategy to a round's stored updates (streaming,
 * O(model) memory), persisting the new weights, strategy state and provenance as artifacts, and
 * evaluating the new model on the job's server-side test set. Runs on the tensor pool; the round package
 * decides when to aggregate and commits the result.
 */
package org.flotilla.coordinator.aggregation;
