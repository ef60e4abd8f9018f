package org.flotilla.coordinator.artifact;

/**
 * An artifact in the store.
 *
 * @param sha256 its name: the SHA-256 of its bytes, 64 lowercase hex digits
 * @param size   its length in bytes
 * @param kind   what it holds
 */
public record StoredArtifact(String sha256, long size, ArtifactKind kind) {
}
