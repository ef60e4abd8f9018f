/**
 * The client registry: enrolment, HTTP Basic credential checks (secrets kept as SHA-256 only),
 * and what each device declared at its last check-in.
 */
package org.flotilla.coordinator.client;
