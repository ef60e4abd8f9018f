/**
 * Signed code bundles (docs/code-bundles.md): the operator uploads a bundle jar and its publisher
 * signature, the coordinator stores both as artifacts, describes the bundle from its manifest, and
 * checks the signature against its configured publisher keys when a job names the bundle. The
 * coordinator never signs and never runs bundle code; it relays the signature, and every device
 * verifies it again against its own trusted keys.
 */
package org.flotilla.coordinator.bundle;
