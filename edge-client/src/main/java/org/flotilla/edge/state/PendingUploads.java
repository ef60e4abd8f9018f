package org.flotilla.edge.state;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.flotilla.model.codec.Sha256;
import org.flotilla.model.json.WireJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finished, unacknowledged updates under {@code pending/}: {@code <key>.update} (the encoded
 * bytes) is written first, then {@code <key>.json} (the description), which commits the entry.
 * Deleting goes the other way round. An {@code .update} without its {@code .json}, or one whose
 * hash does not match, is removed when the entries are listed.
 */
public final class PendingUploads {

    /** Folder under the state directory. */
    public static final String DIR = "pending";

    private static final Logger LOG = LoggerFactory.getLogger(PendingUploads.class);

    private final StateStore store;

    public PendingUploads(StateStore store) {
        this.store = store;
    }

    /**
     * Stores an update and its description; on failure nothing is committed. Neither is fsynced:
     * the update is this client's own, promised to nobody before the coordinator acknowledges it,
     * and {@link #load} verifies it against the description's hash, so an entry a power failure
     * damaged is removed (the update is then not sent, as if the client had stopped before it was
     * ready); a killed process loses nothing.
     */
    public void save(PendingUpload upload, byte[] encodedUpdate) throws IOException {
        store.writeUnsynced(DIR + "/" + upload.key() + ".update", encodedUpdate);
        try {
            store.writeUnsynced(DIR + "/" + upload.key() + ".json", WireJson.write(upload).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            store.delete(DIR + "/" + upload.key() + ".update");
            throw e;
        }
    }

    /** Forgets an update (acknowledged or dropped). */
    public void remove(PendingUpload upload) throws IOException {
        store.delete(DIR + "/" + upload.key() + ".json");
        store.delete(DIR + "/" + upload.key() + ".update");
    }

    /** The committed entries, oldest first, with damaged or orphaned files removed. */
    public List<Entry> load() throws IOException {
        List<StateStore.StoredFile> files = store.list(DIR);
        List<Entry> entries = new ArrayList<>();
        for (StateStore.StoredFile f : files) {
            if (f.name().endsWith(".json")) {
                read(f.name()).ifPresent(entries::add);
            } else if (f.name().endsWith(".update")) {
                String json = f.name().substring(0, f.name().length() - ".update".length()) + ".json";
                if (files.stream().noneMatch(g -> g.name().equals(json))) {
                    LOG.info("removing {}: an update whose description was never written (interrupted save)", f.name());
                    store.delete(f.name());
                }
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> e.upload().createdAt()));
        return entries;
    }

    /** The descriptions only, for {@code edge-client status}. */
    public List<StateStore.StoredFile> files() throws IOException {
        return store.list(DIR);
    }

    private Optional<Entry> read(String jsonName) throws IOException {
        String stem = jsonName.substring(0, jsonName.length() - ".json".length());
        PendingUpload upload;
        try {
            upload = WireJson.read(store.read(jsonName).orElseThrow(), PendingUpload.class);
        } catch (RuntimeException e) {
            LOG.warn("removing {}: not a readable pending upload ({})", jsonName, e.getClass().getSimpleName());
            store.delete(jsonName);
            store.delete(stem + ".update");
            return Optional.empty();
        }
        Optional<byte[]> bytes = store.read(stem + ".update");
        if (bytes.isEmpty() || !Sha256.of(bytes.get()).equals(upload.updateSha256())) {
            LOG.warn("removing pending {}: its stored bytes are missing or damaged", upload.describe());
            remove(upload);
            return Optional.empty();
        }
        return Optional.of(new Entry(upload, bytes.get()));
    }

    /** A pending upload with its bytes. */
    public record Entry(PendingUpload upload, byte[] update) {
    }
}
