package org.flotilla.coordinator.artifact;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;

import org.flotilla.model.codec.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArtifactStoreTest {

    @TempDir
    Path dir;

    StoreFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new StoreFixture(dir);
    }

    @Test
    void anArtifactIsStoredUnderItsHashInAFolderNamedByItsFirstTwoDigitsAndRecorded() throws Exception {
        byte[] bytes = "plan".getBytes(StandardCharsets.UTF_8);
        StoredArtifact a = f.store.put(ArtifactKind.PLAN, bytes);
        String sha = Sha256.of(bytes);
        assertThat(a).isEqualTo(new StoredArtifact(sha, 4, ArtifactKind.PLAN));
        Path file = dir.resolve("artifacts").resolve(sha.substring(0, 2)).resolve(sha);
        assertThat(f.store.path(sha)).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
        assertThat(f.store.find(sha)).contains(a);
    }

    @Test
    void writingTheSameBytesTwiceKeepsOneFileAndOneRowAndLeavesNoTemporaryFiles() throws Exception {
        StoredArtifact first = f.store.put(ArtifactKind.WEIGHTS, new byte[] {1, 2, 3});
        StoredArtifact second = f.store.write(ArtifactKind.WEIGHTS, out -> out.write(new byte[] {1, 2, 3}));
        assertThat(second).isEqualTo(first);
        assertThat(f.rows(first.sha256())).isEqualTo(1);
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void aRecordedArtifactWhoseFileIsMissingGetsItBackFromTheNextWriteOfItsBytes() throws Exception {
        StoredArtifact a = f.store.put(ArtifactKind.PLAN, new byte[] {9, 9});
        Files.delete(f.store.path(a.sha256())); // not something the store does; a damaged disk could
        f.store.put(ArtifactKind.PLAN, new byte[] {9, 9});
        assertThat(Files.readAllBytes(f.store.path(a.sha256()))).containsExactly(9, 9);
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws Exception {
        assertThatThrownBy(() -> f.store.write(ArtifactKind.UPDATE, out -> {
            out.write(1);
            throw new java.io.IOException("disk full");
        })).hasMessageContaining("writing a UPDATE artifact failed");
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void malformedNamesNeverReachTheFileSystem() {
        assertThatThrownBy(() -> f.store.path("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> f.store.path("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }

    private java.util.List<Path> temporaryFiles() throws Exception {
        try (Stream<Path> temps = Files.list(dir.resolve("artifacts").resolve("tmp"))) {
            return temps.toList();
        }
    }
}
