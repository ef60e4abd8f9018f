package org.flotilla.model.bundle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BundleManifestTest {

    private static final String VALID = """
            {"name": "fashion-mnist-augment", "version": "1.0.0", "entryClass": "org.example.fmnist.Program",
             "spiVersion": 1, "resources": {"heapMegabytes": 768, "workers": 8}}""";

    @TempDir
    Path dir;

    @Test
    void aValidManifestParsesAndRoundTrips() {
        BundleManifest m = BundleManifest.parse(VALID.getBytes(StandardCharsets.UTF_8));

        assertThat(m).isEqualTo(new BundleManifest("fashion-mnist-augment", "1.0.0", "org.example.fmnist.Program", 1,
                new ResourceNeeds(768, 8)));
        assertThat(BundleManifest.parse(m.toJson())).isEqualTo(m);
        assertThat(m.requireSupportedSpi()).isSameAs(m);
        assertThat(m.label()).isEqualTo("fashion-mnist-augment 1.0.0");
    }

    @Test
    void everyFieldIsCheckedAndNamedInTheMessage() {
        String[][] cases = {
                {"\"fashion-mnist-augment\"", "\"Fashion MNIST\"", "name"},
                {"\"fashion-mnist-augment\"", "\"\"", "name"},
                {"\"1.0.0\"", "\"1.0 beta\"", "version"},
                {"\"org.example.fmnist.Program\"", "\"Program\"", "entryClass"},
                {"\"org.example.fmnist.Program\"", "\"org.example..Program\"", "entryClass"},
                {"\"spiVersion\": 1", "\"spiVersion\": 0", "spiVersion"},
                {"\"heapMegabytes\": 768", "\"heapMegabytes\": 16", "resources.heapMegabytes"},
                {"\"workers\": 8", "\"workers\": 0", "resources.workers"},
        };
        for (String[] c : cases) {
            String doc = VALID.replace(c[0], c[1]);
            assertThat(doc).isNotEqualTo(VALID);
            assertThatThrownBy(() -> BundleManifest.parse(doc.getBytes(StandardCharsets.UTF_8)))
                    .as(c[1]).isInstanceOf(ManifestException.class)
                    .hasMessageStartingWith("bundle manifest: " + c[2] + " must be")
                    .satisfies(e -> assertThat(((ManifestException) e).field()).isEqualTo(c[2]));
        }
    }

    @Test
    void unknownFieldsMissingResourcesAndOversizedDocumentsAreRefused() {
        assertThatThrownBy(() -> BundleManifest.parse(VALID.replace("}}", "}, \"mainClass\": \"x\"}").getBytes()))
                .isInstanceOf(ManifestException.class).hasMessageContaining("mainClass");
        assertThatThrownBy(() -> BundleManifest.parse(VALID.replaceAll(", \"resources\".*}}", "}").getBytes()))
                .isInstanceOf(ManifestException.class).hasMessageContaining("resources");
        assertThatThrownBy(() -> BundleManifest.parse(new byte[BundleSpi.MAX_MANIFEST_BYTES + 1]))
                .isInstanceOf(ManifestException.class).hasMessageContaining("more than " + BundleSpi.MAX_MANIFEST_BYTES);
        assertThatThrownBy(() -> BundleManifest.parse("not json".getBytes()))
                .isInstanceOf(ManifestException.class).hasMessageStartingWith("bundle manifest: not a manifest document");
    }

    @Test
    void aNewerSpiVersionParsesButIsNotSupported() {
        BundleManifest m = BundleManifest.parse(VALID.replace("\"spiVersion\": 1", "\"spiVersion\": 2").getBytes());

        assertThatThrownBy(m::requireSupportedSpi).isInstanceOf(ManifestException.class)
                .hasMessageContaining("implements SPI version 2, this device implements version 1");
    }

    @Test
    void theManifestIsReadFromTheJar() throws IOException {
        Path jar = dir.resolve("b.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(BundleSpi.MANIFEST_ENTRY));
            out.write(VALID.getBytes(StandardCharsets.UTF_8));
        }
        Path empty = dir.resolve("empty.jar");
        try (OutputStream o = Files.newOutputStream(empty); JarOutputStream out = new JarOutputStream(o)) {
            out.putNextEntry(new JarEntry("x.txt"));
        }
        Path notAJar = Files.writeString(dir.resolve("plain.jar"), "hello");

        assertThat(BundleJar.readManifest(jar).name()).isEqualTo("fashion-mnist-augment");
        assertThatThrownBy(() -> BundleJar.readManifest(empty)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("has no " + BundleSpi.MANIFEST_ENTRY);
        assertThatThrownBy(() -> BundleJar.readManifest(notAJar)).isInstanceOf(ManifestException.class)
                .hasMessageContaining("is not a jar");
    }

    @Test
    void settingsNameTheKeyAndTheRange() {
        Settings s = new Settings(java.util.Map.of("localEpochs", 3.0, "lr", 0.5));

        assertThat(s.wholeNumber("localEpochs", 1, 1, 100)).isEqualTo(3);
        assertThat(s.wholeNumber("batchSize", 32, 1, 1024)).isEqualTo(32);
        assertThat(s.number("lr", 0.1, 0, 10)).isEqualTo(0.5);
        assertThatThrownBy(() -> s.number("lr", 0.1, 0, 0.2)).isInstanceOf(SettingException.class)
                .hasMessage("setting lr must be in [0.0, 0.2] (was 0.5)");
        assertThatThrownBy(() -> new Settings(java.util.Map.of("lr", 1.5)).wholeNumber("lr", 1, 1, 9))
                .isInstanceOf(SettingException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> new Settings(java.util.Map.of("bad key", 1.0))).isInstanceOf(SettingException.class);
        assertThatThrownBy(() -> new Settings(java.util.Map.of("nan", Double.NaN))).isInstanceOf(SettingException.class);
        assertThat(s.with(new Settings(java.util.Map.of("lr", 0.25))).number("lr", 0, 0, 1)).isEqualTo(0.25);
    }
}
