/**
 * The cohort engine: one lifecycle for every piece of work the coordinator asks of a set of
 * clients under one deadline and quorum. A training round and a federated evaluation are two kinds
 * of cohort ({@link org.flotilla.coordinator.cohort.CohortWork}); the engine owns what they share:
 * the persisted state machine ({@link org.flotilla.coordinator.cohort.CohortState}) and participant
 * statuses ({@link org.flotilla.coordinator.cohort.ParticipantStatus}), selection with
 * over-selection at check-in ({@link org.flotilla.coordinator.cohort.SelectionPolicy}), exact
 * targets, declines, deadlines, quorum, the closing step under a lease, cancellation, recovery
 * after a restart and the periodic sweep. Kinds plug in through {@code CohortWork}; nothing here
 * knows what a participant returns or what closing computes. See {@code docs/architecture.md}.
 */
package org.flotilla.coordinator.cohort;
