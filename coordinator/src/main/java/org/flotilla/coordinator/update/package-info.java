/**
 * Receiving client updates: streaming with size limits, format and checksum verification on the
 * tensor pool, durable storage before the answer, idempotent repeats, and the record of refused
 * uploads.
 */
package org.flotilla.coordinator.update;
