package org.flotilla.coordinator.artifact;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.flotilla.model.codec.CodecException;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every artifact store promises ({@code flotilla.artifacts.store}), run against each
 * implementation on a real database: bytes come back as written, streamed, under their hash; a
 * write is recorded once; a failed write leaves nothing; unknown and malformed names are refused;
 * concurrent writers of the same bytes agree; the sweep deletes stale temporary files.
 */
abstract class ArtifactStoreContract {

    @TempDir
    Path dir;

    StoreFixture f;

    /** The store under test, over a fresh database, with its data directory in {@code dir}. */
    abstract StoreFixture fixture(Path dir) throws Exception;

    @BeforeEach
    void setUpStore() throws Exception {
        f = fixture(dir);
    }

    @AfterEach
    void closeStore() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void bytesComeBackAsWrittenUnderTheirHashWhateverTheirSize() throws Exception {
        // empty, one byte, exactly one chunk of the database store, and several chunks with a remainder
        for (int size : List.of(0, 1, DatabaseArtifactStore.CHUNK_BYTES, 3 * DatabaseArtifactStore.CHUNK_BYTES + 17)) {
            byte[] bytes = random(size, size);
            StoredArtifact a = f.store.put(ArtifactKind.UPDATE, bytes);

            assertThat(a).isEqualTo(new StoredArtifact(Sha256.of(bytes), size, ArtifactKind.UPDATE));
            assertThat(f.store.find(a.sha256())).contains(a);
            assertThat(f.store.exists(a.sha256())).isTrue();
            assertThat(f.store.read(a.sha256())).isEqualTo(bytes);
            assertThat(readInSmallPieces(f.store.open(a.sha256()))).isEqualTo(bytes);
            try (InputStream in = f.store.resource(a).getInputStream()) {
                assertThat(in.readAllBytes()).isEqualTo(bytes);
            }
            assertThat(f.store.resource(a).contentLength()).isEqualTo(size);
        }
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void writingTheSameBytesTwiceKeepsOneRowAndLeavesNoTemporaryFiles() throws Exception {
        StoredArtifact first = f.store.put(ArtifactKind.WEIGHTS, new byte[] {1, 2, 3});
        StoredArtifact second = f.store.write(ArtifactKind.WEIGHTS, out -> out.write(new byte[] {1, 2, 3}));
        assertThat(second).isEqualTo(first);
        assertThat(f.rows(first.sha256())).isEqualTo(1);
        assertThat(f.store.read(first.sha256())).containsExactly(1, 2, 3);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws Exception {
        assertThatThrownBy(() -> f.store.write(ArtifactKind.UPDATE, out -> {
            out.write(1);
            throw new IOException("disk full");
        })).hasMessageContaining("writing a UPDATE artifact failed");
        assertThat(temporaryFiles()).isEmpty();
        assertThat(f.rows(Sha256.of(new byte[] {1}))).isZero();
    }

    @Test
    void unknownAndMalformedNamesAreRefused() {
        String unknown = Sha256.of(new byte[] {42});
        assertThat(f.store.find(unknown)).isEmpty();
        assertThat(f.store.exists(unknown)).isFalse();
        assertThatThrownBy(() -> f.store.open(unknown)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> f.store.open("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.store.exists("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void weightsAreDecodedStreamedAndMustBeExactlyOneMessage() throws Exception {
        float[] values = new float[300_000]; // 1.2 MB: several chunks of the database store
        Random r = new Random(5);
        for (int i = 0; i < values.length; i++) {
            values[i] = r.nextFloat();
        }
        StoredArtifact w = f.store.write(ArtifactKind.WEIGHTS, out -> WeightsCodec.write(values, out));
        assertThat(f.store.readWeights(w.sha256(), values.length)).isEqualTo(values);
        assertThat(f.store.readWeights(w.sha256(), -1)).isEqualTo(values);
        assertThatThrownBy(() -> f.store.readWeights(w.sha256(), 7)).isInstanceOf(CodecException.class);

        byte[] trailing = java.util.Arrays.copyOf(WeightsCodec.encode(new float[] {1, 2}), WeightsCodec.encode(new float[] {1, 2}).length + 1);
        StoredArtifact longer = f.store.put(ArtifactKind.WEIGHTS, trailing);
        assertThatThrownBy(() -> f.store.readWeights(longer.sha256(), 2)).isInstanceOf(CodecException.class)
                .hasMessageContaining("bytes after the checksum");
    }

    @Test
    void concurrentWritersOfTheSameBytesRecordThemOnce() throws Exception {
        byte[] bytes = random(2 * DatabaseArtifactStore.CHUNK_BYTES + 5, 9);
        List<CompletableFuture<StoredArtifact>> writers = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> f.store.put(ArtifactKind.UPDATE, bytes)))
                .toList();
        for (CompletableFuture<StoredArtifact> w : writers) {
            assertThat(w.get(60, java.util.concurrent.TimeUnit.SECONDS).sha256()).isEqualTo(Sha256.of(bytes));
        }
        assertThat(f.rows(Sha256.of(bytes))).isEqualTo(1);
        assertThat(f.store.read(Sha256.of(bytes))).isEqualTo(bytes);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void theSweepDeletesStaleTemporaryFilesAndKeepsFreshOnesAndEveryArtifact() throws Exception {
        StoredArtifact kept = f.store.put(ArtifactKind.PLAN, new byte[] {7});
        Path stale = f.store.newTempFile();
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = f.store.newTempFile();

        OrphanSweep.Swept swept = f.sweep(ArtifactProperties.defaults()).sweep(); // stale after 1 h

        assertThat(swept.staleTemporaryFiles()).isEqualTo(1);
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(f.store.read(kept.sha256())).containsExactly(7);
    }

    static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] readInSmallPieces(InputStream stream) throws IOException {
        try (InputStream in = stream) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] piece = new byte[1000];
            int b = in.read();
            if (b >= 0) {
                out.write(b);
            }
            for (int n; (n = in.read(piece)) != -1; ) {
                out.write(piece, 0, n);
            }
            assertThat(in.read()).isEqualTo(-1);
            return out.toByteArray();
        }
    }

    List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> temps = Files.list(dir.resolve("artifacts").resolve("tmp"))) {
            return temps.toList();
        }
    }
}
