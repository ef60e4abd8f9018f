/**
 * The coordinator service, packaged by feature: {@code job} (jobs and their plans), {@code round}
 * (selection, deadlines, the round state machine, monitoring), {@code update} (uploads),
 * {@code aggregation} (strategies applied to stored updates, server-side evaluation),
 * {@code client} (enrolment and the registry), {@code artifact} (the content-addressed store),
 * {@code strategy} (aggregation algorithms) and {@code system} (configuration, security, errors,
 * metrics, the tensor thread pool).
 */
package org.flotilla.coordinator;
