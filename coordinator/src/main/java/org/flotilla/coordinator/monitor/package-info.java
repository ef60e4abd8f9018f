/**
 * What operators read about rounds: a job's rounds with their figures (server-side and federated
 * evaluation), one round in detail with every participant, update and provenance record, and the
 * global models for download (with their provenance inside the DL4J zip). Reads the training and
 * evaluation kinds' records; nothing depends on this package.
 */
package org.flotilla.coordinator.monitor;
