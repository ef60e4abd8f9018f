package org.flotilla.coordinator.artifact;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.model.codec.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The content-addressed artifact store: {@code <data-dir>/artifacts/<first 2 hex>/<sha256>}.
 * Every artifact is written to a temporary file under {@code artifacts/tmp} (same file system),
 * then recorded: in one transaction its {@code artifacts} row is inserted and — unless the file is
 * already there — the temporary file is fsynced, made read-only, atomically renamed into place and
 * its directory fsynced; only then does the row commit (and the commit is synced). So a committed
 * row always has its complete file; a crash before the commit leaves at most a file without a row,
 * which {@link OrphanSweep} deletes. The uncommitted row is also what keeps the sweep off a file
 * being recorded (see {@link OrphanSweep}). An artifact is written once and never changed;
 * writing the same bytes again is a no-op.
 */
@Component
public class ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);
    /** Attempts to record an artifact while the orphan sweep holds its name (each holds it for milliseconds). */
    private static final int CLAIM_ATTEMPTS = 100;
    private static final String H2_CONCURRENT_UPDATE = "90131";

    /** Streams an artifact's bytes. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path root;
    private final Path tmp;
    private final ArtifactRepository repository;
    private final TransactionTemplate recording;

    ArtifactStore(FlotillaProperties properties, ArtifactRepository repository, PlatformTransactionManager transactions)
            throws IOException {
        this.root = properties.dataDir().toAbsolutePath().normalize().resolve("artifacts");
        this.tmp = root.resolve("tmp");
        this.repository = repository;
        this.recording = new TransactionTemplate(transactions);
        this.recording.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        Files.createDirectories(tmp);
        fsyncDirectory(root.getParent());
        fsyncDirectory(root);
    }

    /** Stores {@code bytes}. */
    public StoredArtifact put(ArtifactKind kind, byte[] bytes) {
        return write(kind, out -> out.write(bytes));
    }

    /** Stores what {@code writer} writes, hashing it on the way. */
    public StoredArtifact write(ArtifactKind kind, Writer writer) {
        Path temp = null;
        try {
            temp = newTempFile();
            MessageDigest sha = sha256();
            long size;
            try (OutputStream file = Files.newOutputStream(temp, StandardOpenOption.WRITE);
                 DigestOutputStream out = new DigestOutputStream(new java.io.BufferedOutputStream(file, 64 * 1024), sha)) {
                writer.writeTo(out);
            }
            size = Files.size(temp);
            return adopt(kind, temp, HexFormat.of().formatHex(sha.digest()), size);
        } catch (IOException e) {
            discard(temp);
            throw new UncheckedIOException("writing a " + kind + " artifact failed", e);
        }
    }

    /** Bytes free for this process on the file system that holds the artifacts (and their temporary files). */
    public long usableSpace() throws IOException {
        return Files.getFileStore(tmp).getUsableSpace();
    }

    /** A new empty temporary file in the store's file system, for streaming an upload into. */
    public Path newTempFile() throws IOException {
        return Files.createFile(tmp.resolve(UUID.randomUUID() + ".part"));
    }

    /**
     * Moves a complete temporary file into the store under its hash (which the caller computed
     * while writing it) and records it; when this returns, file and row are both durable. The
     * temporary file is gone afterwards, whatever happened.
     */
    public StoredArtifact adopt(ArtifactKind kind, Path temp, String sha256, long size) throws IOException {
        requireValid(sha256);
        Path target = path(sha256);
        StoredArtifact artifact = new StoredArtifact(sha256, size, kind);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    recording.executeWithoutResult(s -> {
                        repository.recordIfAbsent(artifact);
                        if (!Files.isRegularFile(target)) {
                            place(temp, target);
                        }
                    });
                    return artifact;
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                } catch (DataAccessException e) {
                    if (!isSweepClaim(e) || attempt == CLAIM_ATTEMPTS) {
                        throw e;
                    }
                    pause(attempt);
                }
            }
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

    /**
     * Recording waits while the sweep's claim holds the name (milliseconds); should the database
     * give up first — its lock timeout, or H2's "concurrent update" (90131) that some index paths
     * raise instead of waiting — the attempt is repeated.
     */
    private static boolean isSweepClaim(DataAccessException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && H2_CONCURRENT_UPDATE.equals(sql.getSQLState())) {
                return true;
            }
        }
        return e instanceof PessimisticLockingFailureException;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(Math.min(50, 5L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the orphan sweep held an artifact's name", e);
        }
    }

    /** Deletes a temporary file, quietly. */
    public void discard(Path temp) {
        if (temp != null) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException e) {
                log.warn("Could not delete temporary file {}: {}", temp, e.getMessage());
            }
        }
    }

    /** The file of an artifact (which may not exist). The hash must be well-formed. */
    public Path path(String sha256) {
        requireValid(sha256);
        return root.resolve(sha256.substring(0, 2)).resolve(sha256);
    }

    /** Whether the artifact's file exists. */
    public boolean exists(String sha256) {
        return Files.isRegularFile(path(sha256));
    }

    /** The recorded kind and size, if the artifact is known. */
    public Optional<StoredArtifact> find(String sha256) {
        return repository.find(sha256);
    }

    /** All bytes of a (small) artifact. */
    public byte[] read(String sha256) {
        try {
            return Files.readAllBytes(path(sha256));
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
    }

    private static void requireValid(String sha256) {
        if (!Sha256.isValid(sha256)) {
            throw new IllegalArgumentException("not an artifact name (64 lowercase hex digits): " + sha256);
        }
    }

    private static void makeReadOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } else {
            file.toFile().setReadOnly();
        }
    }

    /** The store's folder, {@code <data-dir>/artifacts}. */
    Path root() {
        return root;
    }

    /** Where temporary files are written, {@code artifacts/tmp}. */
    Path tempFolder() {
        return tmp;
    }

    static void fsyncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open or sync a directory; the rename itself is still atomic.
            log.debug("Directory fsync of {} not supported: {}", dir, e.getMessage());
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
