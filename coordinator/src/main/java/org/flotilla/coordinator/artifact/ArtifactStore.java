package org.flotilla.coordinator.artifact;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.Resource;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The content-addressed artifact store: blobs named by their SHA-256, written once and never
 * changed; writing the same bytes again is a no-op. Where the bytes live is the subclass's
 * ({@code flotilla.artifacts.store}): files under the data directory ({@link FileArtifactStore}) or
 * rows of the database ({@link DatabaseArtifactStore}). Both stream: every artifact is first
 * written to a temporary file under {@code <data-dir>/artifacts/tmp} (uploads are received there
 * while their size and hash are checked), then {@linkplain #adopt adopted}, which makes it durable
 * and records it in the {@code artifacts} table in one transaction. When {@code adopt} returns,
 * the artifact's row and bytes are both committed; a crash before that leaves nothing a reader
 * can see (what it may leave is deleted by {@link OrphanSweep}).
 */
public abstract class ArtifactStore {

    private static final Logger log = LoggerFactory.getLogger(ArtifactStore.class);
    /** Attempts to record an artifact while another transaction holds its name (each holds it briefly). */
    private static final int CLAIM_ATTEMPTS = 100;
    private static final String H2_CONCURRENT_UPDATE = "90131";

    /** Streams an artifact's bytes. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(OutputStream out) throws IOException;
    }

    private final Path tmp;
    protected final ArtifactRepository repository;
    private final TransactionTemplate recording;

    protected ArtifactStore(Path dataDir, ArtifactRepository repository, PlatformTransactionManager transactions)
            throws IOException {
        Path root = dataDir.toAbsolutePath().normalize().resolve("artifacts");
        this.tmp = root.resolve("tmp");
        this.repository = repository;
        this.recording = new TransactionTemplate(transactions);
        this.recording.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        Files.createDirectories(tmp);
        fsyncDirectory(root.getParent());
        fsyncDirectory(root);
    }

    /**
     * Makes a complete temporary file durable in the store under its hash (which the caller
     * computed while writing it) and records it; when this returns, bytes and row are both
     * committed. The temporary file is gone afterwards, whatever happened.
     */
    public abstract StoredArtifact adopt(ArtifactKind kind, Path temp, String sha256, long size) throws IOException;

    /**
     * The bytes of a stored artifact, streamed.
     *
     * @throws java.nio.file.NoSuchFileException when the store has no bytes under that name
     */
    public abstract InputStream open(String sha256) throws IOException;

    /** Whether the store has the artifact's bytes. */
    public abstract boolean exists(String sha256);

    /** The artifact's bytes as a resource for an HTTP response (known length, opened when written). */
    public abstract Resource resource(StoredArtifact artifact);

    /** The folder of artifact files that the orphan sweep looks through, if the bytes live in files. */
    abstract Optional<Path> filesRoot();

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
            try (OutputStream file = Files.newOutputStream(temp, StandardOpenOption.WRITE);
                 DigestOutputStream out = new DigestOutputStream(new BufferedOutputStream(file, 64 * 1024), sha)) {
                writer.writeTo(out);
            }
            return adopt(kind, temp, HexFormat.of().formatHex(sha.digest()), Files.size(temp));
        } catch (IOException e) {
            discard(temp);
            throw new UncheckedIOException("writing a " + kind + " artifact failed", e);
        }
    }

    /** Bytes free for this process on the file system that holds the temporary files (and, for files, the artifacts). */
    public long usableSpace() throws IOException {
        return Files.getFileStore(tmp).getUsableSpace();
    }

    /** A new empty temporary file in the store's file system, for streaming an upload into. */
    public Path newTempFile() throws IOException {
        return Files.createFile(tmp.resolve(UUID.randomUUID() + ".part"));
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

    /** The recorded kind and size, if the artifact is known. */
    public Optional<StoredArtifact> find(String sha256) {
        return repository.find(sha256);
    }

    /** All bytes of a (small) artifact. */
    public byte[] read(String sha256) {
        try (InputStream in = open(sha256)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
    }

    /**
     * Decodes a WeightsCodec artifact, streamed; it must be exactly one message.
     *
     * @param expectedCount the parameters the model has, or −1 to accept any
     */
    public float[] readWeights(String sha256, long expectedCount) {
        try (InputStream in = open(sha256)) {
            float[] values = WeightsCodec.read(in, expectedCount);
            if (in.read() != -1) {
                throw new CodecException(CodecException.Reason.BAD_LENGTH, "artifact " + sha256 + ": bytes after the checksum");
            }
            return values;
        } catch (IOException e) {
            throw new UncheckedIOException("artifact " + sha256 + " cannot be read", e);
        }
    }

    /**
     * Runs {@code work} in its own transaction that commits before this returns (unless
     * {@code work} marks it rollback-only: see {@link #recordIfAbsent}). Should the
     * database give up waiting for another transaction that holds the same name — its lock
     * timeout, or H2's "concurrent update" (90131) that some index paths raise instead of waiting:
     * the orphan sweep's claim, or another writer of the same bytes — the attempt is repeated.
     *
     * @throws IOException what {@code work} threw as an {@link UncheckedIOException}
     */
    protected void inRecordingTransaction(Consumer<TransactionStatus> work) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                recording.executeWithoutResult(work);
                return;
            } catch (UncheckedIOException e) {
                throw e.getCause();
            } catch (DataAccessException e) {
                if (!isLockWait(e) || attempt == CLAIM_ATTEMPTS) {
                    throw e;
                }
                pause(attempt);
            }
        }
    }

    /**
     * Records the artifact in the current recording transaction unless it is known. When another
     * transaction committed the same row meanwhile ({@code RACED}) the current one is marked
     * rollback-only — it has nothing of its own to commit, and PostgreSQL has aborted it anyway
     * (a commit would fail).
     */
    protected ArtifactRepository.Recorded recordIfAbsent(StoredArtifact artifact, TransactionStatus status) {
        ArtifactRepository.Recorded recorded = repository.recordIfAbsent(artifact);
        if (recorded == ArtifactRepository.Recorded.RACED) {
            status.setRollbackOnly();
        }
        return recorded;
    }

    private static boolean isLockWait(DataAccessException e) {
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
            throw new IllegalStateException("interrupted while another transaction held an artifact's name", e);
        }
    }

    static void requireValid(String sha256) {
        if (!Sha256.isValid(sha256)) {
            throw new IllegalArgumentException("not an artifact name (64 lowercase hex digits): " + sha256);
        }
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

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
