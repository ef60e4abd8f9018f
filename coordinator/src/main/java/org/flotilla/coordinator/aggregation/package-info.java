/**
 * Aggregation as computation: applying a job's strategy to a round's stored updates (streaming,
 * O(model) memory), persisting the new weights, strategy state and provenance as artifacts, and
 * evaluating global models on server-side data sets. Runs on the tensor pool; the round package
 * decides when to aggregate and commits the result.
 */
package org.flotilla.coordinator.aggregation;
