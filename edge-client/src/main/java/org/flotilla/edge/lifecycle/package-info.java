/**
 * Stopping cleanly: a {@link org.flotilla.edge.lifecycle.StopSignal} that the SIGTERM hook raises
 * and that every waiting or working part of the client (retry sleeps, HTTP calls, training
 * workers at batch boundaries) observes.
 */
package org.flotilla.edge.lifecycle;
