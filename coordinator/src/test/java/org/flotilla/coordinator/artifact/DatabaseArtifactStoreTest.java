package org.flotilla.coordinator.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.flotilla.model.codec.Sha256;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The contract on the database store (on H2 here, on PostgreSQL in
 * {@link PostgresDatabaseArtifactStoreTest}), and what only it does: bytes verified against their
 * name before the commit, in chunk rows, never in files.
 */
class DatabaseArtifactStoreTest extends ArtifactStoreContract {

    @Override
    StoreFixture fixture(Path dir) throws Exception {
        return StoreFixture.databaseOnH2(dir);
    }

    @Test
    void theBytesLiveInChunkRowsAndNoArtifactFileIsWritten() throws Exception {
        byte[] bytes = random(2 * DatabaseArtifactStore.CHUNK_BYTES + 1, 3);
        StoredArtifact a = f.store.put(ArtifactKind.UPDATE, bytes);
        assertThat(f.chunks(a.sha256())).isEqualTo(3);
        try (Stream<Path> entries = Files.list(dir.resolve("artifacts"))) {
            assertThat(entries.map(p -> p.getFileName().toString())).containsExactly("tmp");
        }
    }

    @Test
    void bytesThatDoNotHashToTheirNameAreRefusedAndNothingIsRecorded() throws Exception {
        byte[] bytes = random(DatabaseArtifactStore.CHUNK_BYTES + 100, 4);
        String claimed = Sha256.of(new byte[] {1});
        Path temp = f.store.newTempFile();
        Files.write(temp, bytes);

        assertThatThrownBy(() -> f.store.adopt(ArtifactKind.UPDATE, temp, claimed, bytes.length))
                .isInstanceOf(IOException.class).hasMessageContaining("not what was declared");

        assertThat(f.rows(claimed)).isZero();
        assertThat(f.chunks(claimed)).isZero();
        assertThat(temp).doesNotExist();
    }

    @Test
    void aDeclaredSizeOtherThanTheFilesIsRefused() throws Exception {
        byte[] bytes = {1, 2, 3};
        Path temp = f.store.newTempFile();
        Files.write(temp, bytes);
        assertThatThrownBy(() -> f.store.adopt(ArtifactKind.UPDATE, temp, Sha256.of(bytes), 4))
                .isInstanceOf(IOException.class).hasMessageContaining("4 declared");
        assertThat(f.rows(Sha256.of(bytes))).isZero();
    }

    @Test
    void aRowWithoutBytesGetsThemFromTheNextWriteOfThem() throws Exception {
        byte[] bytes = {8, 8, 8};
        StoredArtifact a = new StoredArtifact(Sha256.of(bytes), bytes.length, ArtifactKind.PLAN);
        f.repository.recordIfAbsent(a); // as the filesystem store records it, committed at once
        assertThat(f.store.find(a.sha256())).contains(a);
        assertThat(f.store.exists(a.sha256())).isFalse();
        assertThatThrownBy(() -> f.store.open(a.sha256())).isInstanceOf(NoSuchFileException.class);

        f.store.put(ArtifactKind.PLAN, bytes);

        assertThat(f.store.read(a.sha256())).isEqualTo(bytes);
        assertThat(f.rows(a.sha256())).isEqualTo(1);
    }
}
