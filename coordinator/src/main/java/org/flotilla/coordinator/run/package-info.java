/**
 * The job lifecycle on top of the cohort engine: starting a job, opening its training rounds,
 * retrying a failed attempt within the job's policy, opening the federated evaluation a completed
 * round is due for, and finishing the job. Driven by events (a job created or cancelled, a cohort
 * finished, the engine's recovery and sweep) and by what the database says, so it is idempotent
 * and safe beside other replicas.
 */
package org.flotilla.coordinator.run;
