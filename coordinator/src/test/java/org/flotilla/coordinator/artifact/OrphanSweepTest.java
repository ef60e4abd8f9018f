package org.flotilla.coordinator.artifact;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.flotilla.model.codec.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The orphan sweep on a real store and database: what it deletes, what it keeps, and that it and
 * a writer of the same bytes never leave a row without its file, whichever comes first.
 */
class OrphanSweepTest {

    private static final ArtifactProperties ONE_MINUTE = new ArtifactProperties(ArtifactProperties.Store.FILESYSTEM, Duration.ofMinutes(1),
            Duration.ofMinutes(1), Duration.ofMinutes(1));
    private static final Instant LONG_AGO = Instant.now().minus(Duration.ofHours(2));

    @TempDir
    Path dir;

    StoreFixture f;
    OrphanSweep sweep;

    @BeforeEach
    void setUp() throws Exception {
        f = new StoreFixture(dir);
        sweep = f.sweep(ONE_MINUTE);
    }

    @Test
    void deletesOldFilesWithoutRowsAndStaleTemporaryFilesOnly() throws Exception {
        // Prepare: a recorded artifact, an old orphan (crash between rename and commit), a fresh
        // orphan (a commit that may still be in flight), a stray file, an old and a fresh temporary file.
        StoredArtifact recorded = f.store.put(ArtifactKind.WEIGHTS, new byte[] {1});
        age(f.files().path(recorded.sha256()));
        Path oldOrphan = orphan(new byte[] {2});
        age(oldOrphan);
        Path freshOrphan = orphan(new byte[] {3});
        Path stray = Files.writeString(oldOrphan.getParent().resolve("README"), "not an artifact");
        age(stray);
        Path staleTemp = f.store.newTempFile();
        age(staleTemp);
        Path freshTemp = f.store.newTempFile();

        // Execute
        OrphanSweep.Swept swept = sweep.sweep();

        // Assert
        assertThat(swept).isEqualTo(new OrphanSweep.Swept(1, 1));
        assertThat(oldOrphan).doesNotExist();
        assertThat(f.files().path(recorded.sha256())).exists();
        assertThat(freshOrphan).exists();
        assertThat(stray).exists();
        assertThat(staleTemp).doesNotExist();
        assertThat(freshTemp).exists();
        assertThat(f.rows(Sha256.of(new byte[] {2}))).isZero(); // the claim was rolled back
    }

    @Test
    void aFileWhoseRowIsBeingInsertedIsKept() throws Exception {
        byte[] bytes = {4, 4};
        Path file = orphan(bytes);
        age(file);
        String sha = Sha256.of(bytes);
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // A writer that has inserted its row and not committed yet.
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> newTransaction().executeWithoutResult(s -> {
            f.repository.recordIfAbsent(new StoredArtifact(sha, bytes.length, ArtifactKind.UPDATE));
            inserted.countDown();
            await(release);
        }));
        assertThat(inserted.await(10, TimeUnit.SECONDS)).isTrue();

        // The sweep's claim waits for the writer's transaction, then finds the name recorded.
        CompletableFuture<Boolean> deleted = CompletableFuture.supplyAsync(
                () -> sweep.deleteIfStillOrphan(sha, file, Instant.now()));
        Thread.sleep(300);
        assertThat(deleted).isNotDone();
        release.countDown();
        writer.get(10, TimeUnit.SECONDS);

        assertThat(deleted.get(10, TimeUnit.SECONDS)).isFalse();
        assertThat(file).exists();
        assertThat(f.rows(sha)).isEqualTo(1);
    }

    @Test
    void aWriterHeldOffByTheSweepsClaimPutsItsOwnFileInPlaceAfterwards() throws Exception {
        byte[] bytes = {5, 5, 5};
        Path file = orphan(bytes);
        String sha = Sha256.of(bytes);
        CountDownLatch claimed = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // The sweep's claim held open, with the orphan already deleted under it.
        CompletableFuture<Void> sweeper = CompletableFuture.runAsync(() -> newTransaction().executeWithoutResult(s -> {
            s.setRollbackOnly();
            f.repository.claim(sha);
            try {
                Files.delete(file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            claimed.countDown();
            await(release);
        }));
        assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();

        // The same bytes written meanwhile: recording waits out the claim.
        CompletableFuture<StoredArtifact> written = CompletableFuture.supplyAsync(() -> f.store.put(ArtifactKind.UPDATE, bytes));
        Thread.sleep(200);
        assertThat(written).isNotDone();
        release.countDown();
        sweeper.get(10, TimeUnit.SECONDS);
        StoredArtifact a = written.get(10, TimeUnit.SECONDS);

        assertThat(f.rows(sha)).isEqualTo(1);
        assertThat(f.store.find(sha)).contains(a);
        assertThat(Files.readAllBytes(f.files().path(sha))).isEqualTo(bytes);
    }

    /** A complete artifact file with no row: what a crash after the rename and before the commit leaves. */
    private Path orphan(byte[] bytes) throws Exception {
        Path file = f.files().path(Sha256.of(bytes));
        Files.createDirectories(file.getParent());
        return Files.write(file, bytes);
    }

    private static void age(Path file) throws Exception {
        Files.setLastModifiedTime(file, FileTime.from(LONG_AGO));
    }

    private TransactionTemplate newTransaction() {
        TransactionTemplate t = new TransactionTemplate(f.transactions);
        t.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        return t;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
