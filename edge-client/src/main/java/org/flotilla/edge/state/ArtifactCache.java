package org.flotilla.edge.state;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.flotilla.model.codec.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Plans and weights by SHA-256 under {@code cache/}. Every read is verified against its name: a
 * cached file whose hash does not match (bit rot, a truncated copy, tampering) is deleted and
 * fetched again. A full disk does not stop a round: the artifact is then used from memory.
 * Only the {@link #maxEntries} most recent artifacts are kept, since every round brings new
 * global weights.
 */
public final class ArtifactCache {

    /** Folder of the cache under the state directory. */
    public static final String DIR = "cache";

    private static final Logger LOG = LoggerFactory.getLogger(ArtifactCache.class);

    private final StateStore store;
    private final int maxEntries;

    /** @param maxEntries how many artifacts to keep, at least 2 (a plan and its weights) */
    public ArtifactCache(StateStore store, int maxEntries) {
        if (maxEntries < 2) {
            throw new IllegalArgumentException("the cache must hold at least 2 artifacts, was " + maxEntries);
        }
        this.store = store;
        this.maxEntries = maxEntries;
    }

    /**
     * The artifact named {@code sha256}: from the cache when present and intact, else from
     * {@code fetch} (which must return bytes with that hash) and then cached.
     */
    public byte[] get(String sha256, Fetcher fetch) {
        if (!Sha256.isValid(sha256)) {
            throw new IllegalArgumentException("not an artifact name: " + sha256);
        }
        String name = DIR + "/" + sha256;
        Optional<byte[]> cached = readQuietly(name);
        if (cached.isPresent()) {
            if (Sha256.of(cached.get()).equals(sha256)) {
                return cached.get();
            }
            LOG.warn("cached artifact {} is corrupted (its content does not match its SHA-256); deleted it and"
                    + " fetching it again", shortName(sha256));
            deleteQuietly(name);
        }
        byte[] fetched = fetch.fetch(sha256);
        if (!Sha256.of(fetched).equals(sha256)) {
            throw new IllegalStateException("fetched artifact " + shortName(sha256) + " does not match its SHA-256");
        }
        try {
            // no fsync: every read is verified against the name, so a copy a power failure damaged is fetched again
            store.writeUnsynced(name, fetched);
        } catch (IOException e) {
            LOG.warn("cannot cache artifact {} under {} ({}); using it from memory this round", shortName(sha256),
                    store.root(), e.getMessage());
        }
        return fetched;
    }

    /** Deletes the oldest artifacts beyond {@link #maxEntries}, never those in {@code keep}. */
    public void prune(Set<String> keep) {
        try {
            List<StateStore.StoredFile> files = store.list(DIR).stream()
                    .sorted(Comparator.comparing(StateStore.StoredFile::modified).reversed())
                    .toList();
            for (int i = maxEntries; i < files.size(); i++) {
                StateStore.StoredFile f = files.get(i);
                if (!keep.contains(f.fileName())) {
                    store.delete(f.name());
                }
            }
        } catch (IOException e) {
            LOG.debug("pruning the artifact cache failed: {}", e.getMessage());
        }
    }

    /** The cached artifacts, for {@code edge-client status}. */
    public List<StateStore.StoredFile> entries() throws IOException {
        return store.list(DIR);
    }

    private Optional<byte[]> readQuietly(String name) {
        try {
            return store.read(name);
        } catch (IOException e) {
            LOG.warn("cannot read cached artifact {} ({}); fetching it again", name, e.getMessage());
            return Optional.empty();
        }
    }

    private void deleteQuietly(String name) {
        try {
            store.delete(name);
        } catch (IOException e) {
            LOG.warn("cannot delete corrupted cached artifact {} ({})", name, e.getMessage());
        }
    }

    static String shortName(String sha256) {
        return sha256.substring(0, 12) + "…";
    }

    /** Gets an artifact's bytes from the coordinator. */
    @FunctionalInterface
    public interface Fetcher {
        byte[] fetch(String sha256);
    }
}
