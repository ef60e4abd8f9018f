package org.flotilla.coordinator.artifact;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.stream.Stream;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.flotilla.model.codec.Sha256;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ArtifactStoreTest {

    @TempDir
    Path dir;

    ArtifactRepository repository;
    ArtifactStore store;

    @BeforeEach
    void setUp() throws Exception {
        repository = mock(ArtifactRepository.class);
        when(repository.find(any())).thenReturn(Optional.empty());
        FlotillaProperties properties = new FlotillaProperties(dir, null, null,
                new FlotillaProperties.RoundDefaults(10, 2, 1.3, java.time.Duration.ofMinutes(10), java.time.Duration.ofMinutes(2), 2),
                new FlotillaProperties.CheckIn(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(1)),
                new FlotillaProperties.Upload(org.springframework.util.unit.DataSize.ofMegabytes(1)), 1, java.time.Duration.ofSeconds(5));
        store = new ArtifactStore(properties, repository);
    }

    @Test
    void anArtifactIsStoredUnderItsHashInAFolderNamedByItsFirstTwoDigits() throws Exception {
        byte[] bytes = "plan".getBytes(StandardCharsets.UTF_8);
        StoredArtifact a = store.put(ArtifactKind.PLAN, bytes);
        String sha = Sha256.of(bytes);
        assertThat(a).isEqualTo(new StoredArtifact(sha, 4, ArtifactKind.PLAN));
        Path file = dir.resolve("artifacts").resolve(sha.substring(0, 2)).resolve(sha);
        assertThat(store.path(sha)).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("r--r--r--");
        verify(repository).recordIfAbsent(a);
    }

    @Test
    void writingTheSameBytesTwiceKeepsOneFileAndLeavesNoTemporaryFiles() throws Exception {
        StoredArtifact first = store.put(ArtifactKind.WEIGHTS, new byte[] {1, 2, 3});
        StoredArtifact second = store.write(ArtifactKind.WEIGHTS, out -> out.write(new byte[] {1, 2, 3}));
        assertThat(second).isEqualTo(first);
        verify(repository, times(2)).recordIfAbsent(first);
        try (Stream<Path> temps = Files.list(dir.resolve("artifacts").resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws Exception {
        assertThatThrownBy(() -> store.write(ArtifactKind.UPDATE, out -> {
            out.write(1);
            throw new java.io.IOException("disk full");
        })).hasMessageContaining("writing a UPDATE artifact failed");
        try (Stream<Path> temps = Files.list(dir.resolve("artifacts").resolve("tmp"))) {
            assertThat(temps).isEmpty();
        }
    }

    @Test
    void malformedNamesNeverReachTheFileSystem() {
        assertThatThrownBy(() -> store.path("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.path("A".repeat(64))).isInstanceOf(IllegalArgumentException.class);
    }
}
