package org.flotilla.coordinator.artifact;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.flotilla.model.codec.Sha256;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on the filesystem store, and what only it does: its folder layout and read-only files. */
class FileArtifactStoreTest extends ArtifactStoreContract {

    @Override
    StoreFixture fixture(Path dir) throws Exception {
        return new StoreFixture(dir);
    }

    @Test
    void anArtifactIsStoredUnderItsHashInAFolderNamedByItsFirstTwoDigitsAndRecorded() throws Exception {
        byte[] bytes = "plan".getBytes(StandardCharsets.UTF_8);
        StoredArtifact a = f.store.put(ArtifactKind.PLAN, bytes);
        String sha = Sha256.of(bytes);
        assertThat(a).isEqualTo(new StoredArtifact(sha, 4, ArtifactKind.PLAN));
        Path file = dir.resolve("artifacts").resolve(sha.substring(0, 2)).resolve(sha);
        assertThat(f.files().path(sha)).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
        assertThat(f.store.find(sha)).contains(a);
    }

    @Test
    void aRecordedArtifactWhoseFileIsMissingGetsItBackFromTheNextWriteOfItsBytes() throws Exception {
        StoredArtifact a = f.store.put(ArtifactKind.PLAN, new byte[] {9, 9});
        Files.delete(f.files().path(a.sha256())); // not something the store does; a damaged disk could
        assertThat(f.store.exists(a.sha256())).isFalse();
        f.store.put(ArtifactKind.PLAN, new byte[] {9, 9});
        assertThat(Files.readAllBytes(f.files().path(a.sha256()))).containsExactly(9, 9);
    }

    @Test
    void malformedNamesNeverReachTheFileSystem() {
        assertThatThrownBy(() -> f.files().path("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.files().path("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
}
