package org.flotilla.coordinator.artifact;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import org.springframework.core.io.AbstractResource;
import org.springframework.core.io.Resource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Artifacts in the database ({@code flotilla.artifacts.store=database}): the bytes as rows of
 * {@code artifact_chunks}, {@value #CHUNK_BYTES} bytes each, so that replicas on different hosts
 * share artifacts through the database alone. Adopting a temporary file inserts the artifact's row
 * and then its chunks, read from the file one at a time and hashed on the way, in one transaction;
 * the transaction commits only when the bytes hash to the artifact's name and have the declared
 * length, so a committed row has all its bytes, verified, and a crash leaves nothing behind but
 * the temporary file (which {@link OrphanSweep} deletes). Reading fetches one chunk per query:
 * neither writing nor reading ever holds more than one chunk of an artifact in the heap, whatever
 * its size.
 *
 * <p>Why chunks of {@code bytea} rather than one value or PostgreSQL large objects: PgJDBC
 * materialises a {@code bytea} value whole when it is read, so one value per artifact would hold a
 * 256 MB update in the heap; large objects stream, but only inside an open transaction, are not
 * deleted with their row, and are PostgreSQL's alone. Chunk rows are plain SQL, the same on H2
 * (where a value may have at most 1,000,000 bytes), and live and die with their artifact.
 */
public class DatabaseArtifactStore extends ArtifactStore {

    /** Bytes per chunk row. */
    static final int CHUNK_BYTES = 512 * 1024;

    private final JdbcClient jdbc;

    DatabaseArtifactStore(Path dataDir, ArtifactRepository repository, JdbcClient jdbc,
                          PlatformTransactionManager transactions) throws IOException {
        super(dataDir, repository, transactions);
        this.jdbc = jdbc;
    }

    @Override
    public StoredArtifact adopt(ArtifactKind kind, Path temp, String sha256, long size) throws IOException {
        requireValid(sha256);
        StoredArtifact artifact = new StoredArtifact(sha256, size, kind);
        try {
            long actual = Files.size(temp);
            if (actual != size) {
                throw new IOException("artifact " + sha256 + ": " + actual + " bytes written, " + size + " declared");
            }
            inRecordingTransaction(status -> {
                ArtifactRepository.Recorded recorded = recordIfAbsent(artifact, status);
                // RACED: another writer committed the same bytes meanwhile. KNOWN without chunks:
                // the row was recorded by the filesystem store (or the bytes were lost); put them back.
                if (recorded == ArtifactRepository.Recorded.NEW
                        || recorded == ArtifactRepository.Recorded.KNOWN && !exists(sha256)) {
                    insertChunks(temp, sha256, size);
                }
            });
            return artifact;
        } finally {
            discard(temp);
        }
    }

    private void insertChunks(Path temp, String sha256, long size) {
        MessageDigest digest = sha256();
        long total = 0;
        try (InputStream in = Files.newInputStream(temp)) {
            for (int seq = 0; ; seq++) {
                byte[] chunk = in.readNBytes(CHUNK_BYTES);
                if (chunk.length == 0 && seq > 0) {
                    break;
                }
                digest.update(chunk);
                total += chunk.length;
                jdbc.sql("INSERT INTO artifact_chunks (sha256, seq, bytes) VALUES (?, ?, ?)")
                        .params(sha256, seq, chunk).update();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String actual = HexFormat.of().formatHex(digest.digest());
        if (total != size || !actual.equals(sha256)) {
            throw new UncheckedIOException(new IOException("artifact " + sha256 + ": the bytes (" + total
                    + ", SHA-256 " + actual + ") are not what was declared (" + size + ")"));
        }
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        requireValid(sha256);
        StoredArtifact artifact = find(sha256).orElseThrow(() -> new NoSuchFileException("artifact " + sha256));
        if (!exists(sha256)) {
            throw new NoSuchFileException("artifact " + sha256 + " (recorded, but its bytes are not in the database)");
        }
        return new ChunkStream(artifact);
    }

    @Override
    public boolean exists(String sha256) {
        requireValid(sha256);
        return jdbc.sql("SELECT COUNT(*) FROM artifact_chunks WHERE sha256 = ? AND seq = 0").param(sha256)
                .query(Long.class).single() > 0;
    }

    @Override
    public Resource resource(StoredArtifact artifact) {
        return new AbstractResource() {
            @Override
            public String getDescription() {
                return "artifact " + artifact.sha256() + " in the database";
            }

            @Override
            public boolean exists() {
                return true;
            }

            @Override
            public long contentLength() {
                return artifact.size();
            }

            @Override
            public InputStream getInputStream() {
                return new ChunkStream(artifact);
            }
        };
    }

    @Override
    Optional<Path> filesRoot() {
        return Optional.empty();
    }

    /** The chunks of one artifact in order, fetched one query at a time. */
    private final class ChunkStream extends InputStream {

        private final StoredArtifact artifact;
        private byte[] chunk = new byte[0];
        private int pos;
        private int nextSeq;
        private long delivered;
        private boolean closed;

        ChunkStream(StoredArtifact artifact) {
            this.artifact = artifact;
        }

        /** False at the end; fetches the next chunk when the current one is used up. */
        private boolean fill() throws IOException {
            if (closed) {
                throw new IOException("artifact " + artifact.sha256() + ": stream closed");
            }
            while (pos == chunk.length) {
                if (delivered == artifact.size()) {
                    return false;
                }
                int seq = nextSeq++;
                chunk = jdbc.sql("SELECT bytes FROM artifact_chunks WHERE sha256 = ? AND seq = ?")
                        .params(artifact.sha256(), seq).query(byte[].class).optional()
                        .orElseThrow(() -> new IOException("artifact " + artifact.sha256() + ": chunk " + seq
                                + " is missing after " + delivered + " of " + artifact.size() + " bytes"));
                pos = 0;
                if (delivered + chunk.length > artifact.size()) {
                    throw new IOException("artifact " + artifact.sha256() + " has more bytes than its recorded "
                            + artifact.size());
                }
            }
            return true;
        }

        @Override
        public int read() throws IOException {
            if (!fill()) {
                return -1;
            }
            delivered++;
            return chunk[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            java.util.Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, chunk.length - pos);
            System.arraycopy(chunk, pos, b, off, n);
            pos += n;
            delivered += n;
            return n;
        }

        @Override
        public void close() {
            closed = true;
            chunk = null;
        }
    }
}
