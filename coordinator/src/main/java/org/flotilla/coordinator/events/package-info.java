/**
 * Server-Sent Events for operators and scripts: {@code GET /api/v1/events} (the fleet) and
 * {@code GET /api/v1/jobs/{jobId}/events} (one job). The engine's committed changes (cohort
 * transitions, participants' answers, job states) and the client registry's status changes become
 * small JSON events in one bounded history, which streams replay from on {@code Last-Event-ID}.
 * Bounded everywhere: a cap on concurrent streams, a fixed buffer per stream (a consumer that falls
 * behind is dropped and resumes or re-reads), heartbeats, a maximum stream duration. Changes made
 * by another replica reach this replica's streams through a periodic read of the database
 * ({@link org.flotilla.coordinator.events.ChangePoller}). The REST resources stay the records;
 * events say what changed, with the figures a script needs to react. See docs/events.md.
 */
package org.flotilla.coordinator.events;
