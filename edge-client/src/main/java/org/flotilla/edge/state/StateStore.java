package org.flotilla.edge.state;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Files under the state directory, named by relative paths such as {@code cache/<sha256>}. Writes
 * are all-or-nothing: after a crash or an I/O error a name holds either its old content or its new
 * content, never a mix. The interface exists so that tests can inject I/O failures (a full disk).
 */
public interface StateStore {

    /** The state directory. */
    Path root();

    /** The content stored under {@code name}, if any. */
    Optional<byte[]> read(String name) throws IOException;

    /**
     * Stores {@code content} under {@code name} atomically, readable by the owner only, on stable
     * storage before it returns.
     */
    void write(String name, byte[] content) throws IOException;

    /**
     * As {@link #write}, atomically and owner-only, but without waiting for stable storage: for
     * content whose every read is verified (against its hash) and that nobody was promised, so a
     * copy damaged or lost by a power failure is only a copy to fetch again or an update that is
     * not sent. A process that is killed loses nothing (the data is in the operating system's
     * cache). By default the same as {@link #write}.
     */
    default void writeUnsynced(String name, byte[] content) throws IOException {
        write(name, content);
    }

    /** Deletes {@code name}; true when it existed. */
    boolean delete(String name) throws IOException;

    /** The files directly inside {@code directory} (relative, e.g. {@code cache}), by name. */
    List<StoredFile> list(String directory) throws IOException;

    /**
     * A stored file.
     *
     * @param name     relative name, e.g. {@code cache/ab12…}
     * @param size     bytes
     * @param modified last modification time
     */
    record StoredFile(String name, long size, Instant modified) {

        /** The last path segment. */
        public String fileName() {
            int slash = name.lastIndexOf('/');
            return slash < 0 ? name : name.substring(slash + 1);
        }
    }
}
