/**
 * The messages of the client protocol ({@code docs/protocol.md}) as records: enrolment,
 * check-in and assignment, update metrics, declines and evaluation results.
 */
package org.flotilla.model.wire;
