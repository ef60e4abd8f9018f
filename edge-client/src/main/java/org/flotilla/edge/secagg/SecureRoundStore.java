package org.flotilla.edge.secagg;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.flotilla.edge.state.StateCorruptException;
import org.flotilla.edge.state.StateStore;
import org.flotilla.secagg.client.ClientState;
import org.flotilla.secagg.client.ClientStateCodec;

/**
 * The per-round secure-aggregation state files, {@code secagg/job-<id>-round-<n>.json} in the state
 * directory. They hold the round's secrets (both X25519 private keys, the self-mask seed, the
 * client's own shares), so they go through the {@link StateStore}'s writes — mode 0600, temporary
 * file, fsync, atomic rename — and are deleted when the round ends; {@link #deleteAllExcept} removes
 * the files of rounds that ended while the client was not running.
 */
public final class SecureRoundStore {

    static final String DIRECTORY = "secagg";

    private final StateStore store;

    public SecureRoundStore(StateStore store) {
        this.store = store;
    }

    /** The state of {@code key}, if one was saved. */
    public Optional<ClientState> load(RoundKey key) throws IOException {
        Optional<byte[]> bytes = read(key);
        return bytes.isEmpty() ? Optional.empty() : Optional.of(parse(key, bytes.get()));
    }

    /** The saved text of {@code key}'s state as it is on the device, unparsed. */
    Optional<byte[]> read(RoundKey key) throws IOException {
        return store.read(key.fileName());
    }

    /** Reads a saved text of {@code key}'s state; a damaged one is a {@link StateCorruptException}. */
    ClientState parse(RoundKey key, byte[] bytes) {
        try {
            return ClientStateCodec.fromJson(new String(bytes, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            // The codec's MessageFormatException, or a state record that breaks its own rules.
            throw new StateCorruptException(key.fileName() + " is not a readable secure-aggregation state ("
                    + e.getMessage() + "); the client leaves that round");
        }
    }

    /** Saves the state of {@code key}, replacing the previous one atomically; returns the text written. */
    public byte[] save(RoundKey key, ClientState state) throws IOException {
        byte[] bytes = ClientStateCodec.toJson(state).getBytes(StandardCharsets.UTF_8);
        store.write(key.fileName(), bytes);
        return bytes;
    }

    /** Deletes the state of {@code key}; true when there was one. */
    public boolean delete(RoundKey key) throws IOException {
        return store.delete(key.fileName());
    }

    /** Deletes every saved state but that of {@code keep} (rounds that ended); returns how many. */
    public int deleteAllExcept(Optional<RoundKey> keep) throws IOException {
        String kept = keep.map(RoundKey::fileName).orElse(null);
        int deleted = 0;
        for (StateStore.StoredFile f : store.list(DIRECTORY)) {
            if (!f.name().equals(kept) && store.delete(f.name())) {
                deleted++;
            }
        }
        return deleted;
    }
}
