package org.flotilla.coordinator.aggregation;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.artifact.FileArtifactStore;
import org.flotilla.coordinator.strategy.ClientUpdate;
import org.flotilla.model.codec.StoredWeights;
import org.springframework.stereotype.Component;

/**
 * Reads the parameter vectors an aggregation folds — global weights and accepted updates — from
 * the artifact store. Each was verified in full before it was stored (an update's SHA-256 trailer,
 * element count and finiteness on arrival, see {@code UpdateService}; weights are written by this
 * coordinator from finite values), and an artifact is immutable and named by the hash of its bytes.
 * So they are read without hashing them again ({@link StoredWeights}): header and length are still
 * checked, and an update is folded into the mean chunk by chunk: memory-mapped from its file on
 * the filesystem store, streamed from the database store.
 */
@Component
public class StoredVectors {

    private final ArtifactStore store;

    StoredVectors(ArtifactStore store) {
        this.store = store;
    }

    /** The vector stored as {@code sha256}, which must have {@code count} elements (−1: any). */
    public float[] read(String sha256, long count) {
        try {
            if (store instanceof FileArtifactStore files) {
                return StoredWeights.read(files.path(sha256), count);
            }
            try (InputStream in = store.open(sha256)) {
                return StoredWeights.read(in, count);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
    }

    /** {@code acc[i] += weight × v[i]} for the vector {@code v} stored as {@code sha256}, holding none of it. */
    public void addScaled(String sha256, long count, double[] acc, double weight) {
        try {
            if (store instanceof FileArtifactStore files) {
                StoredWeights.addScaled(files.path(sha256), count, acc, weight);
                return;
            }
            try (InputStream in = store.open(sha256)) {
                StoredWeights.addScaled(in, count, acc, weight);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
    }

    /** A stored update as a strategy sees it: loaded on demand, or folded from its file. */
    public ClientUpdate update(StoredUpdate u, long count) {
        return new ClientUpdate(u.clientId(), u.examples(), u.metrics(), () -> read(u.sha256(), count),
                (acc, weight) -> addScaled(u.sha256(), count, acc, weight));
    }
}
