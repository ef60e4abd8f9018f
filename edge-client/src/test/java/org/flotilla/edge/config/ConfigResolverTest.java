package org.flotilla.edge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigResolverTest {

    @TempDir
    Path dir;

    private Path file(String content) throws IOException {
        return Files.writeString(dir.resolve("edge-client.properties"), content);
    }

    @Test
    void commandLineBeatsEnvironmentBeatsFileBeatsDefaults() throws IOException {
        Path f = file("""
                coordinator=http://127.0.0.1:1
                data=/file/data
                workers=3
                state-dir=/file/state
                averaging-frequency=5
                """);
        Map<String, String> env = Map.of("FLOTILLA_WORKERS", "2", "FLOTILLA_STATE_DIR", "/env/state",
                "FLOTILLA_ENROLMENT_TOKEN", "env-token");
        Map<Setting, String> cli = Map.of(Setting.STATE_DIR, "/cli/state");

        ClientConfig c = ConfigResolver.of(cli, f.toString(), env).forRun(false, false);

        assertThat(c.stateDir()).isEqualTo(Path.of("/cli/state"));      // CLI
        assertThat(c.workers()).isEqualTo(2);                            // env over file
        assertThat(c.enrolmentToken()).isEqualTo("env-token");           // env
        assertThat(c.coordinator().toString()).isEqualTo("http://127.0.0.1:1");   // file
        assertThat(c.averagingFrequency()).isEqualTo(5);                 // file
        assertThat(c.checkInWaitSeconds()).isEqualTo(25);                // default
        assertThat(c.maxRounds()).isZero();
        assertThat(c.giveUpAfter()).isNull();
        assertThat(c.toString()).doesNotContain("env-token");
    }

    @Test
    void theConfigFileCanComeFromTheEnvironment() throws IOException {
        Path f = file("coordinator=https://fl.example.org\ndata=fashion-mnist\n");
        ClientConfig c = ConfigResolver.of(Map.of(), null, Map.of("FLOTILLA_CONFIG", f.toString())).forRun(true, false);
        assertThat(c.coordinator().getHost()).isEqualTo("fl.example.org");
        assertThat(c.giveUpAfter()).isEqualTo(Duration.ofSeconds(300));
        assertThat(c.workers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void theConfigFileIsHiddenFromBundlesAndSignedPlansAreOffUnlessAsked() throws IOException {
        Path f = file("coordinator=https://fl.example.org\ndata=/d\nenrolment-token=t0ken\nrequire-signed-plans=true\n");

        ClientConfig fromFile = ConfigResolver.of(Map.of(), f.toString(), Map.of()).forRun(false, false);
        ClientConfig fromEnv = ConfigResolver.of(Map.of(), null, Map.of("FLOTILLA_CONFIG", f.toString(),
                "FLOTILLA_REQUIRE_SIGNED_PLANS", "false")).forRun(false, false);
        ClientConfig noFile = ConfigResolver.of(Map.of(Setting.COORDINATOR, "https://fl.example.org", Setting.DATA, "/d"),
                null, Map.of()).forRun(false, false);

        assertThat(fromFile.bundles().hiddenFiles()).containsExactly(f.toAbsolutePath().normalize());
        assertThat(fromFile.bundles().requireSignedPlans()).isTrue();
        assertThat(fromEnv.bundles().hiddenFiles()).containsExactly(f.toAbsolutePath().normalize());
        assertThat(fromEnv.bundles().requireSignedPlans()).isFalse();
        assertThat(noFile.bundles().hiddenFiles()).isEmpty();
        assertThat(noFile.bundles().requireSignedPlans()).isFalse();
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.REQUIRE_SIGNED_PLANS, "yes"), f.toString(), Map.of())
                .forRun(false, false)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("require-signed-plans must be true or false").hasMessageContaining("'yes'");
    }

    @Test
    void aCommaSeparatedListNamesTheReplicasOfOneDeploymentInOrder() {
        ClientConfig c = ConfigResolver.of(Map.of(Setting.COORDINATOR, "https://a.example.org, https://b.example.org:8443/",
                Setting.DATA, "d"), null, Map.of()).forRun(false, false);
        assertThat(c.coordinator().toString()).isEqualTo("https://a.example.org");
        assertThat(c.coordinators()).extracting(java.net.URI::toString)
                .containsExactly("https://a.example.org", "https://b.example.org:8443/");
        for (String bad : new String[] {"https://a.example.org,", "https://a.example.org,,https://b.example.org"}) {
            assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.COORDINATOR, bad, Setting.DATA, "d"), null, Map.of())
                    .forRun(false, false)).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("comma-separated list").hasMessageContaining("--coordinator");
        }
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.COORDINATOR, "https://a.example.org,https://a.example.org/",
                Setting.DATA, "d"), null, Map.of()).forRun(false, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("twice");
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.COORDINATOR, "https://a.example.org,http://b.example.org",
                Setting.DATA, "d"), null, Map.of()).forRun(false, false))
                .isInstanceOf(ConfigException.class).hasMessageContaining("http://b.example.org")
                .hasMessageContaining("secret would travel in clear");
    }

    @Test
    void plainHttpGoesOnlyToThisMachineUnlessAllowed() {
        for (String local : new String[] {"http://localhost:8080", "http://127.0.0.1:1", "http://[::1]:8080"}) {
            assertThat(ConfigResolver.of(Map.of(Setting.COORDINATOR, local, Setting.DATA, "d"), null, Map.of())
                    .forRun(false, false).coordinator().toString()).isEqualTo(local);
        }
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.COORDINATOR, "http://fl.example.org", Setting.DATA, "d"),
                null, Map.of()).forRun(false, false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("secret would travel in clear").hasMessageContaining("allow-insecure-http=true");
        assertThat(ConfigResolver.of(Map.of(Setting.COORDINATOR, "http://fl.example.org", Setting.DATA, "d"), null,
                Map.of("FLOTILLA_ALLOW_INSECURE_HTTP", "true")).forRun(false, false).coordinator().getHost())
                .isEqualTo("fl.example.org");
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.COORDINATOR, "http://fl.example.org", Setting.DATA, "d",
                Setting.ALLOW_INSECURE_HTTP, "yes"), null, Map.of()).forRun(false, false))
                .hasMessageContaining("allow-insecure-http must be true or false");
        assertThat(ConfigResolver.isLoopback("127.evil.example")).isFalse();
        assertThat(ConfigResolver.isLoopback("localhost.example.org")).isFalse();
    }

    @Test
    void errorsNameTheSettingTheSourceAndTheRange() throws IOException {
        Map<Setting, String> base = Map.of(Setting.COORDINATOR, "https://c", Setting.DATA, "d");
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.DATA, "d"), null, Map.of()).forRun(false, false))
                .isInstanceOf(ConfigException.class)
                .hasMessage("no coordinator given: pass --coordinator URL, set FLOTILLA_COORDINATOR or put coordinator="
                        + " in the config file");
        assertThatThrownBy(() -> ConfigResolver.of(base, null, Map.of("FLOTILLA_WORKERS", "many")).forRun(false, false))
                .hasMessageContaining("workers must be a whole number from 1 to 256")
                .hasMessageContaining("'many'").hasMessageContaining("FLOTILLA_WORKERS");
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.COORDINATOR, "ftp://x", Setting.DATA, "d"), null,
                Map.of()).forRun(false, false)).hasMessageContaining("http:// or https://").hasMessageContaining("--coordinator");
        Path f = file("coordinator=https://c\ndata=d\nworkerz=2\n");
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(), f.toString(), Map.of()))
                .hasMessageContaining("unknown key 'workerz'").hasMessageContaining("workers");
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(), dir.resolve("nope").toString(), Map.of()))
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> ConfigResolver.of(Map.of(Setting.HELD_OUT_FRACTION, "1.5", Setting.COORDINATOR, "https://c",
                Setting.DATA, "d"), null, Map.of()).forRun(false, false)).hasMessageContaining("held-out-fraction");
    }

    @Test
    void everySettingHasTheDocumentedEnvironmentName() {
        assertThat(Setting.COORDINATOR.envName()).isEqualTo("FLOTILLA_COORDINATOR");
        assertThat(Setting.ENROLMENT_TOKEN.envName()).isEqualTo("FLOTILLA_ENROLMENT_TOKEN");
        assertThat(Setting.DATA.envName()).isEqualTo("FLOTILLA_DATA");
        assertThat(Setting.WORKERS.envName()).isEqualTo("FLOTILLA_WORKERS");
        assertThat(Setting.STATE_DIR.envName()).isEqualTo("FLOTILLA_STATE_DIR");
    }

    @Test
    void theShippedTemplateOnlyUsesKnownKeys() throws IOException {
        Path template = Path.of("src/dist/conf/edge-client.properties");
        var props = new java.util.Properties();
        try (var r = Files.newBufferedReader(template)) {
            props.load(r);
        }
        for (String key : props.stringPropertyNames()) {
            assertThat(Setting.byKey(key)).as(key).isNotNull();
        }
        String text = Files.readString(template);
        for (Setting s : Setting.values()) {
            assertThat(text).as("template documents " + s.key()).contains(s.key() + "=");
        }
    }
}
