package org.flotilla.coordinator.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTokensTest {

    static final String A = "admin-secret-0123456789abcdefghijkl";
    static final String E = "enrolment-secret-0123456789abcdefgh";

    @TempDir
    Path dir;

    FlotillaProperties properties(String admin, String enrolment) {
        return new FlotillaProperties(dir, admin, enrolment,
                new FlotillaProperties.RoundDefaults(10, 2, 1.3, Duration.ofMinutes(10), Duration.ofMinutes(2), 2),
                new FlotillaProperties.CheckIn(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1)),
                new FlotillaProperties.Upload(DataSize.ofMegabytes(1)), 0, Duration.ofSeconds(5));
    }

    @Test
    void missingTokensAreGeneratedIntoPrivateFilesAndReusedAtTheNextStart() throws Exception {
        AccessTokens first = new AccessTokens(properties(null, " "));
        Path adminFile = dir.resolve("admin-token");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(adminFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("enrolment-token")))).isEqualTo("rw-------");
        String admin = Files.readString(adminFile).strip();
        assertThat(admin).hasSize(43); // 256 bits, base64url without padding
        assertThat(first.isAdmin(admin)).isTrue();
        assertThat(first.isEnrolment(admin)).isFalse();

        AccessTokens second = new AccessTokens(properties(null, null));
        assertThat(second.isAdmin(admin)).isTrue();
        assertThat(second.isEnrolment(Files.readString(dir.resolve("enrolment-token")).strip())).isTrue();
    }

    @Test
    void theDataDirectoryIsCreatedPrivateAndAnOpenOneIsNarrowedAndNoTemporaryTokenFileRemains() throws Exception {
        Path fresh = dir.resolve("fresh/data");
        DataDirectory.secure(fresh);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        new AccessTokens(properties(null, null));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).isEqualTo("rwx------");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("fresh", "admin-token", "enrolment-token");
        }
        assertThat(Files.readString(dir.resolve("admin-token"))).matches("[A-Za-z0-9_-]{43}\n");
    }

    @Test
    void configuredTokensWinAndNothingIsWritten() {
        AccessTokens tokens = new AccessTokens(properties(A, E));
        assertThat(tokens.isAdmin(A)).isTrue();
        assertThat(tokens.isAdmin(A.substring(1))).isFalse();
        assertThat(tokens.isAdmin(null)).isFalse();
        assertThat(tokens.isEnrolment(E)).isTrue();
        assertThat(dir.resolve("admin-token")).doesNotExist();
    }

    @Test
    void aConfiguredTokenShorterThan32CharactersStopsTheStartNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AccessTokens(properties("short-admin-token", E)))
                .hasMessageContaining("flotilla.admin-token (FLOTILLA_ADMIN_TOKEN) is 17 characters")
                .hasMessageContaining("at least 32");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new AccessTokens(properties(A, "e".repeat(31))))
                .hasMessageContaining("flotilla.enrolment-token");
    }

    @Test
    void configurationIsValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new FlotillaProperties.RoundDefaults(2, 3, 1.3, Duration.ofMinutes(1), Duration.ofSeconds(1), 0))
                .hasMessageContaining("min-clients (3) must be at most flotilla.rounds.clients-per-round (2)");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new FlotillaProperties.CheckIn(Duration.ofSeconds(1), Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("retry-after");
    }
}
