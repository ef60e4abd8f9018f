/**
 * Federated evaluation as a kind of cohort ({@link org.flotilla.coordinator.evaluation.EvaluationWork}):
 * after every k-th round and after the last, a cohort of clients evaluates the round's new global
 * weights on their local held-out data (an {@code EVALUATE} assignment); what a participant returns
 * is examples, loss and accuracy; closing folds them with the job's strategy into example-weighted
 * figures that the round record shows beside the server-side evaluation. It never fails its job.
 */
package org.flotilla.coordinator.evaluation;
