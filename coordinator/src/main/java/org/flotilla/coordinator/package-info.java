/**
 * The coordinator service, packaged by feature around one cohort engine: {@code cohort} (the
 * engine: selection, exact targets, declines, deadlines, quorum, the closing lease, recovery),
 * {@code round} and {@code evaluation} (the two kinds of cohort work: training and federated
 * evaluation), {@code run} (the job lifecycle), {@code job} (jobs and their plans),
 * {@code aggregation} (strategies applied to stored updates, provenance), {@code testset}
 * (server-side test sets), {@code client} (enrolment and the registry), {@code artifact} (the
 * content-addressed store), {@code strategy} (aggregation algorithms), {@code monitor} (what
 * operators read), {@code web} (problem+json, check-in and decline calls) and {@code system}
 * (configuration, security, domain exceptions, metrics, the tensor thread pool). The direction of
 * their dependencies is drawn in {@code docs/architecture.md} and kept by {@code ArchitectureTest}.
 */
package org.flotilla.coordinator;
