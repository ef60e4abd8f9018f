package org.flotilla.coordinator.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Artifacts in files ({@code flotilla.artifacts.store=filesystem}, the default):
 * {@code <data-dir>/artifacts/<first 2 hex>/<sha256>}. Adopting a temporary file (same file system)
 * inserts the artifact's {@code artifacts} row and — unless the file is already there — fsyncs the
 * temporary file, makes it read-only, atomically renames it into place and fsyncs its directory;
 * only then does the row commit (and the commit is synced). So a committed row always has its
 * complete file; a crash before the commit leaves at most a file without a row, which
 * {@link OrphanSweep} deletes. The uncommitted row is also what keeps the sweep off a file being
 * recorded (see {@link OrphanSweep}).
 */
public class FileArtifactStore extends ArtifactStore {

    private final Path root;

    FileArtifactStore(Path dataDir, ArtifactRepository repository, PlatformTransactionManager transactions)
            throws IOException {
        super(dataDir, repository, transactions);
        this.root = tempFolder().getParent();
    }

    @Override
    public StoredArtifact adopt(ArtifactKind kind, Path temp, String sha256, long size) throws IOException {
        requireValid(sha256);
        Path target = path(sha256);
        StoredArtifact artifact = new StoredArtifact(sha256, size, kind);
        try {
            inRecordingTransaction(status -> {
                recordIfAbsent(artifact, status);
                if (!Files.isRegularFile(target)) {
                    place(temp, target);
                }
            });
            return artifact;
        } finally {
            discard(temp);
        }
    }

    /** fsync, read-only, atomic rename, fsync of the directory (and of the store when the directory is new). */
    private void place(Path temp, Path target) {
        try {
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            makeReadOnly(temp);
            Path dir = target.getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(dir);
                fsyncDirectory(root);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the artifact folder " + root + " does not support atomic renames", e);
            }
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file of an artifact (which may not exist). The hash must be well-formed. */
    public Path path(String sha256) {
        requireValid(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        return Files.newInputStream(path(sha256));
    }

    @Override
    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    @Override
    public Resource resource(StoredArtifact artifact) {
        return new FileSystemResource(path(artifact.sha256()));
    }

    @Override
    Optional<Path> filesRoot() {
        return Optional.of(root);
    }

    private static void makeReadOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } else {
            file.toFile().setReadOnly();
        }
    }
}
