/**
 * Following a job until it ends: a {@link org.flotilla.operator.watch.JobFeed} produces
 * {@link org.flotilla.operator.watch.JobEvent}s and {@link org.flotilla.operator.watch.JobWatcher}
 * prints them. Today's feed polls the REST API ({@link org.flotilla.operator.watch.PollingJobFeed});
 * a feed reading the coordinator's Server-Sent Events ({@code GET /api/v1/jobs/{id}/events}) can
 * replace it without touching the watcher.
 */
package org.flotilla.operator.watch;
