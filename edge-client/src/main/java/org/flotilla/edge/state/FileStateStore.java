package org.flotilla.edge.state;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state directory on the local file system. A write creates {@code .<name>.<random>.tmp}
 * (mode 0600) next to the target, writes and fsyncs it, renames it over the target atomically and
 * fsyncs the directory ({@link #writeUnsynced}: the same without the two fsyncs); on any failure
 * the temporary file is removed. Temporary files left by a crash are removed when the store is
 * opened.
 */
public final class FileStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(FileStateStore.class);
    private static final String TMP_SUFFIX = ".tmp";
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private final Path root;

    private FileStateStore(Path root) {
        this.root = root;
    }

    /**
     * Opens (creating with mode 0700 if needed) the state directory and removes temporary files a
     * crash may have left. A directory other users may read, write or enter is refused: it holds
     * the client's secret.
     */
    public static FileStateStore open(Path root) throws IOException {
        Path dir = root.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            createPrivateDirectories(dir);
        }
        if (POSIX) {
            java.util.Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
            if (perms.stream().anyMatch(p -> !p.name().startsWith("OWNER_"))) {
                throw new IOException(dir + " is open to other users (" + PosixFilePermissions.toString(perms)
                        + ") and would hold this client's secret; make it private with `chmod 700 " + dir + "`");
            }
        }
        if (!Files.isWritable(dir)) {
            throw new IOException(dir + " is not writable by this user");
        }
        FileStateStore store = new FileStateStore(dir);
        store.removeTemporaryFiles(dir);
        for (String sub : List.of("cache", "pending", "secagg")) {
            if (Files.isDirectory(dir.resolve(sub))) {
                store.removeTemporaryFiles(dir.resolve(sub));
            }
        }
        return store;
    }

    @Override
    public Path root() {
        return root;
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(name)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        write(name, content, true);
    }

    /** Atomic and owner-only like {@link #write}, without the two fsyncs. */
    @Override
    public void writeUnsynced(String name, byte[] content) throws IOException {
        write(name, content, false);
    }

    private void write(String name, byte[] content, boolean sync) throws IOException {
        Path target = resolve(name);
        Path dir = target.getParent();
        if (!Files.isDirectory(dir)) {
            createPrivateDirectories(dir);
        }
        Path tmp = dir.resolve("." + target.getFileName() + "." + Long.toHexString(ThreadLocalRandom.current().nextLong())
                + TMP_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    ownerOnly())) {
                ByteBuffer buf = ByteBuffer.wrap(content);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                if (sync) {
                    ch.force(true);
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            if (sync) {
                syncDirectory(dir);
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    @Override
    public boolean delete(String name) throws IOException {
        return Files.deleteIfExists(resolve(name));
    }

    @Override
    public List<StoredFile> list(String directory) throws IOException {
        Path dir = resolve(directory);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<StoredFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path p : entries) {
                String fileName = p.getFileName().toString();
                if (fileName.startsWith(".") || !Files.isRegularFile(p)) {
                    continue;
                }
                try {
                    files.add(new StoredFile(directory + "/" + fileName, Files.size(p),
                            Files.getLastModifiedTime(p).toInstant()));
                } catch (NoSuchFileException gone) {
                    // deleted meanwhile
                }
            }
        }
        files.sort(Comparator.comparing(StoredFile::name));
        return files;
    }

    private Path resolve(String name) {
        Path p = root.resolve(name).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw new IllegalArgumentException("state file name " + name + " leaves the state directory");
        }
        return p;
    }

    private void removeTemporaryFiles(Path dir) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, ".*" + TMP_SUFFIX)) {
            for (Path p : entries) {
                LOG.info("removing {} left by an interrupted write", root.relativize(p));
                Files.deleteIfExists(p);
            }
        }
    }

    /** Creates {@code dir} and missing parents with mode 0700. */
    private static void createPrivateDirectories(Path dir) throws IOException {
        if (POSIX) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } else {
            Files.createDirectories(dir);
        }
    }

    private static FileAttribute<?>[] ownerOnly() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not every file system can fsync a directory; the rename itself is still atomic
        }
    }
}
