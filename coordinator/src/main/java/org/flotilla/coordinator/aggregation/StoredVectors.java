package org.flotilla.coordinator.aggregation;

import java.io.IOException;
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
 * checked, and an update is folded into the mean range by range: read from its file on the
 * filesystem store, streamed in order from the database store.
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
            return store instanceof FileArtifactStore files ? StoredWeights.read(files.path(sha256), count)
                    : StoredWeights.read(store.open(sha256), count);
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
    }

    /** {@code acc[i] += weight × v[i]} for the vector {@code v} stored as {@code sha256}, holding none of it. */
    public void addScaled(String sha256, long count, double[] acc, double weight) {
        try (StoredWeights.Reader r = open(sha256, count)) {
            r.addScaled(acc, weight, 0, r.count());
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
    }

    /** A stored update as a strategy sees it: loaded on demand, or folded from its file range by range. */
    public ClientUpdate update(StoredUpdate u, long count) {
        return new ClientUpdate(u.clientId(), u.examples(), u.metrics(), () -> read(u.sha256(), count),
                () -> folder(u.sha256(), count));
    }

    private ClientUpdate.RangeFolder folder(String sha256, long count) {
        StoredWeights.Reader reader;
        try {
            reader = open(sha256, count);
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
        return folder(reader, "artifact " + sha256);
    }

    /** Read from its file on the filesystem store; streamed, in order, from any other store. */
    private StoredWeights.Reader open(String sha256, long count) throws IOException {
        if (store instanceof FileArtifactStore files) {
            return StoredWeights.open(files.path(sha256), count);
        }
        return StoredWeights.open(store.open(sha256), count);
    }

    /** A {@link ClientUpdate.RangeFolder} over an open reader; I/O failures name {@code what}. */
    public static ClientUpdate.RangeFolder folder(StoredWeights.Reader reader, String what) {
        return new ClientUpdate.RangeFolder() {
            @Override
            public void addScaled(double[] acc, double weight, int from, int to) {
                try {
                    reader.addScaled(acc, weight, from, to);
                } catch (IOException e) {
                    throw new UncheckedIOException(what + " cannot be read", e);
                }
            }

            @Override
            public void close() {
                try {
                    reader.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(what + " cannot be closed", e);
                }
            }
        };
    }
}
