package org.flotilla.edge.state;

import java.io.IOException;
import java.util.Optional;

import org.flotilla.model.json.WireJson;

/** Reads and writes {@code identity.json} through a {@link StateStore} (atomic, mode 0600). */
public final class IdentityStore {

    /** File name of the identity under the state directory. */
    public static final String FILE = "identity.json";

    private final StateStore store;

    public IdentityStore(StateStore store) {
        this.store = store;
    }

    /**
     * The stored identity, if enrolled.
     *
     * @throws StateCorruptException when the file exists but cannot be read as an identity
     */
    public Optional<Identity> load() throws IOException {
        Optional<byte[]> bytes = store.read(FILE);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        try {
            Identity id = WireJson.read(bytes.get(), Identity.class);
            if (id.clientId() == null || id.clientId().isBlank() || id.secret() == null || id.secret().isEmpty()) {
                throw new IllegalArgumentException("clientId or secret missing");
            }
            return Optional.of(id);
        } catch (RuntimeException e) {
            throw new StateCorruptException(store.root().resolve(FILE) + " is not a valid identity ("
                    + e.getClass().getSimpleName() + "); delete it or run with --re-enrol to enrol again");
        }
    }

    /** Stores {@code identity}, replacing any previous one. */
    public void save(Identity identity) throws IOException {
        store.write(FILE, WireJson.write(identity).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Forgets the identity (for re-enrolment). */
    public void delete() throws IOException {
        store.delete(FILE);
    }
}
