/**
 * Jobs: the request and its validation, the training plan and initial weights, the job state
 * machine ({@link org.flotilla.coordinator.job.JobState}), and the operators' job endpoints. Rounds
 * are run by the {@code round} package, which the job service starts through {@link
 * org.flotilla.coordinator.job.JobEvents}.
 */
package org.flotilla.coordinator.job;
