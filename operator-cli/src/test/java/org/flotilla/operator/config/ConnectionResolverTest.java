package org.flotilla.operator.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.operator.ExitCode;
import org.flotilla.operator.OperatorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the URL and token come from, with real files. */
class ConnectionResolverTest {

    @TempDir
    Path home;

    private final List<String> warnings = new ArrayList<>();

    private Connection resolve(Map<String, String> env, String url, String token, Path tokenFile, Path config) {
        return new ConnectionResolver(env, home).resolve(url, token, tokenFile, config, warnings::add);
    }

    @Test
    void eachSettingTakesTheFirstSourceThatHasIt() throws Exception {
        // Prepare
        Path config = Files.createDirectories(home.resolve(".config/flotilla")).resolve("operator.properties");
        Files.writeString(config, "url=http://file:1\ntoken=from-file\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));

        // Execute and assert
        Connection fileOnly = resolve(Map.of(), null, null, null, null);
        assertThat(fileOnly.base()).isEqualTo("http://file:1");
        assertThat(fileOnly.token()).isEqualTo("from-file");
        assertThat(fileOnly.tokenSource()).contains("operator.properties");
        Connection mixed = resolve(Map.of("FLOTILLA_URL", "http://env:2/"), null, null, null, null);
        assertThat(mixed.base()).isEqualTo("http://env:2");
        assertThat(mixed.urlSource()).isEqualTo("FLOTILLA_URL");
        assertThat(mixed.token()).isEqualTo("from-file");
        Connection flags = resolve(Map.of("FLOTILLA_URL", "http://env:2", "FLOTILLA_ADMIN_TOKEN", "from-env"),
                "https://flag:3", "from-flag", null, null);
        assertThat(flags.base()).isEqualTo("https://flag:3");
        assertThat(flags.token()).isEqualTo("from-flag");
        assertThat(warnings).isEmpty();
        assertThat(flags.toString()).doesNotContain("from-flag");
    }

    @Test
    void tokenFilesAreReadOnlyWhenTheyWin() throws Exception {
        Path token = Files.writeString(home.resolve("admin-token"), "  secret-token\n");

        Connection fromEnvFile = resolve(Map.of("FLOTILLA_ADMIN_TOKEN_FILE", token.toString()), null, null, null, null);
        Connection flagWins = resolve(Map.of("FLOTILLA_ADMIN_TOKEN_FILE", home.resolve("missing").toString()),
                null, "t", null, null);
        Connection tilde = resolve(Map.of("FLOTILLA_ADMIN_TOKEN_FILE", "~/admin-token"), null, null, null, null);

        assertThat(fromEnvFile.token()).isEqualTo("secret-token");
        assertThat(fromEnvFile.base()).isEqualTo(ConnectionResolver.DEFAULT_URL);
        assertThat(flagWins.token()).isEqualTo("t");
        assertThat(tilde.token()).isEqualTo("secret-token");
    }

    @Test
    void mistakesAreUsageErrorsThatSayWhatToDo() throws Exception {
        assertThatThrownBy(() -> resolve(Map.of(), null, null, null, null)).isInstanceOf(OperatorException.class)
                .hasMessageStartingWith("no admin token").satisfies(e ->
                        assertThat(((OperatorException) e).exitCode()).isEqualTo(ExitCode.USAGE));
        assertThatThrownBy(() -> resolve(Map.of(), "localhost:8080", "t", null, null))
                .hasMessageContaining("must look like http://host:8080").hasMessageContaining("from --url");
        assertThatThrownBy(() -> resolve(Map.of(), null, "t", home.resolve("f"), null)).hasMessageContaining("not both");
        Path empty = Files.writeString(home.resolve("empty"), "\n");
        assertThatThrownBy(() -> resolve(Map.of(), null, null, empty, null)).hasMessageContaining("is empty");
        assertThatThrownBy(() -> resolve(Map.of(), null, "t", null, home.resolve("nope.properties")))
                .hasMessageContaining("does not exist");
        Path big = Files.write(home.resolve("big"), new byte[(int) ConnectionResolver.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> resolve(Map.of(), null, null, big, null)).hasMessageContaining("at most 65536 are read");
    }

    @Test
    void aTokenInAFileOthersCanReadIsWarnedAbout() throws Exception {
        Path config = Files.writeString(home.resolve("shared.properties"), "token=t\n");
        Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-r--r--"));

        resolve(Map.of(), null, null, null, config);

        assertThat(warnings).singleElement().asString().contains("chmod 600");
    }

    @Test
    void xdgConfigHomeMovesTheDefaultFile() throws Exception {
        Path xdg = Files.createDirectories(home.resolve("xdg/flotilla"));
        Files.writeString(xdg.resolve("operator.properties"), "url=http://xdg:4\ntoken=x\n");

        Connection c = resolve(Map.of("XDG_CONFIG_HOME", home.resolve("xdg").toString()), null, null, null, null);

        assertThat(c.base()).isEqualTo("http://xdg:4");
    }
}
