/**
 * The content-addressed artifact store (plans, weights, updates, strategy state, provenance), its
 * download endpoint, and the sweep that deletes what crashes leave behind. Blobs are named by their
 * SHA-256 and live in files ({@code FileArtifactStore}, the default) or in database rows
 * ({@code DatabaseArtifactStore}); the {@code artifacts} table records their kind and size. A
 * committed row always has its complete bytes (they are put in place inside the transaction that
 * commits the row); a file without a row is an orphan and is swept.
 */
package org.flotilla.coordinator.artifact;
