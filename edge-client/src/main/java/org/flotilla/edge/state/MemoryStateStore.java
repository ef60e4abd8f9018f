package org.flotilla.edge.state;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A state store in memory: for clients hosted in-process (the simulator's virtual clients, tests),
 * where a crash ends the client anyway, so nothing needs to survive it. Writes replace a name's
 * content atomically; safe for concurrent use. {@link #root()} is a name for messages only.
 */
public final class MemoryStateStore implements StateStore {

    private final Path root;
    private final Clock clock;
    private final Map<String, Entry> files = new ConcurrentHashMap<>();

    /** @param root a name for log lines and messages (nothing is written there) */
    public MemoryStateStore(Path root, Clock clock) {
        this.root = root;
        this.clock = clock;
    }

    /** @see #MemoryStateStore(Path, Clock) */
    public MemoryStateStore(Path root) {
        this(root, Clock.systemUTC());
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String name) {
        Entry e = files.get(name);
        return e == null ? Optional.empty() : Optional.of(e.content().clone());
    }

    @Override
    public void write(String name, byte[] content) {
        files.put(name, new Entry(content.clone(), clock.instant()));
    }

    @Override
    public boolean delete(String name) {
        return files.remove(name) != null;
    }

    @Override
    public List<StoredFile> list(String directory) {
        String prefix = directory.endsWith("/") ? directory : directory + "/";
        List<StoredFile> out = new ArrayList<>();
        files.forEach((name, e) -> {
            if (name.startsWith(prefix) && name.indexOf('/', prefix.length()) < 0) {
                out.add(new StoredFile(name, e.content().length, e.modified()));
            }
        });
        out.sort(Comparator.comparing(StoredFile::name));
        return out;
    }

    /** Bytes held, for memory accounting. */
    public long bytes() {
        return files.values().stream().mapToLong(e -> e.content().length).sum();
    }

    private record Entry(byte[] content, Instant modified) {
    }
}
