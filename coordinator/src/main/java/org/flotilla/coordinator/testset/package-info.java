/**
 * Server-side test sets: a job's evaluation set (a public data set's test split or a local data
 * spec), loading and caching it, and evaluating global weights on it on the tensor pool. Used when
 * a job is created (validation) and after each aggregation (the round's test figures).
 */
package org.flotilla.coordinator.testset;
