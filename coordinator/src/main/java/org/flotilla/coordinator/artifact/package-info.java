/**
 * The content-addressed artifact store (plans, weights, updates, strategy state, provenance) and
 * its download endpoint. Blobs live in files named by their SHA-256; the database records only
 * their kind and size.
 */
package org.flotilla.coordinator.artifact;
