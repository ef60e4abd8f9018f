/**
 * The content-addressed artifact store (plans, weights, updates, strategy state, provenance), its
 * download endpoint, and the sweep that deletes what crashes leave behind. Blobs live in files
 * named by their SHA-256; the database records only their kind and size. A committed row always
 * has its complete file (the file is put in place inside the transaction that commits the row);
 * a file without a row is an orphan and is swept.
 */
package org.flotilla.coordinator.artifact;
