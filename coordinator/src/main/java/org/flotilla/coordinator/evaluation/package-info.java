/**
 * Federated evaluation: after every k-th round and after the last, a cohort of clients evaluates
 * the new global weights on their local held-out data (an {@code EVALUATE} assignment) and reports
 * examples, loss and accuracy; the job's strategy folds them into example-weighted figures that the
 * round record shows beside the server-side evaluation. Each evaluation is a persisted state
 * machine ({@link org.flotilla.coordinator.evaluation.EvaluationState}) attached to the round it
 * evaluates, with the selection, deadline and quorum rules of training rounds ({@link
 * org.flotilla.coordinator.round.Cohort}); it never fails its job.
 */
package org.flotilla.coordinator.evaluation;
