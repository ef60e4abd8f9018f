package org.flotilla.edge.bundle;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.ResourceNeeds;
import org.flotilla.model.bundle.testing.BundleJars;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.signing.SigningKey;
import org.flotilla.model.signing.TrustedKeys;
import org.flotilla.model.signing.Verification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Nothing of a bundle is read before its signature is verified; only verified bytes are stored. */
class BundleInstallerTest {

    private static final SigningKey PUBLISHER = SigningKey.generate();

    @TempDir
    Path dir;

    private Path jar;
    private BundleInstaller installer;

    @BeforeEach
    void setUp() {
        jar = BundleJars.compile(dir.resolve("b.jar"), manifest(1), Map.of("org.example.P", TestBundles.echo()
                .replace("package org.flotilla.testbundles;", "package org.example;").replace("class Echo", "class P")));
        installer = new BundleInstaller(dir.resolve("store"), TrustedKeys.of(PUBLISHER.publisherKey()), 1 << 20);
    }

    private static BundleManifest manifest(int spi) {
        return new BundleManifest("b", "1", "org.example.P", spi, new ResourceNeeds(64, 1));
    }

    @Test
    void aSignedBundleIsStoredReadOnlyUnderItsHash() throws IOException {
        BundleJars.sign(jar, PUBLISHER);

        InstallResult r = installer.install(jar, null);

        VerifiedBundle b = ((InstallResult.Installed) r).bundle();
        assertThat(b.sha256()).isEqualTo(Sha256.of(jar));
        assertThat(b.jar()).isEqualTo(dir.resolve("store").resolve(b.sha256() + ".jar"));
        assertThat(Files.readAllBytes(b.jar())).isEqualTo(Files.readAllBytes(jar));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(b.jar()))).isEqualTo("r--r-----");
        assertThat(b.publisher()).isEqualTo(PUBLISHER.id());
        assertThat(b.manifest()).isEqualTo(manifest(1));
        assertThat(Files.list(dir.resolve("store"))).hasSize(1);   // no temporary file left
    }

    @Test
    void oneChangedByteMakesTheBundleUntrusted() throws IOException {
        BundleJars.sign(jar, PUBLISHER);
        byte[] bytes = Files.readAllBytes(jar);
        bytes[bytes.length / 3] ^= 0x20;
        Files.write(jar, bytes);

        InstallResult.Refused r = (InstallResult.Refused) installer.install(jar, null);

        assertThat(r.failure().kind()).isEqualTo(BundleFailure.Kind.UNTRUSTED);
        assertThat(r.verification().status()).isEqualTo(Verification.Status.BAD_SIGNATURE);
        assertThat(Files.list(dir.resolve("store"))).isEmpty();
    }

    @Test
    void aStrangerSignatureOrNoneIsUntrusted() throws IOException {
        BundleJars.sign(jar, SigningKey.generate());
        InstallResult.Refused stranger = (InstallResult.Refused) installer.install(jar, null);
        Files.delete(jar.resolveSibling("b.jar.sig"));
        InstallResult.Refused none = (InstallResult.Refused) installer.install(jar, null);
        InstallResult.Refused streamed = (InstallResult.Refused) installer.install(
                new ByteArrayInputStream(Files.readAllBytes(jar)), Optional.empty());

        assertThat(stranger.verification().status()).isEqualTo(Verification.Status.UNTRUSTED_KEY);
        assertThat(stranger.failure().detail()).contains("which this device does not trust");
        assertThat(none.verification().status()).isEqualTo(Verification.Status.MISSING);
        assertThat(streamed.verification().status()).isEqualTo(Verification.Status.MISSING);
        assertThat(Files.list(dir.resolve("store"))).isEmpty();
    }

    @Test
    void signedButUnusableBundlesAreRefusedWithTheReason() throws IOException {
        Path noManifest = BundleJars.jarOf(Files.createDirectories(dir.resolve("empty")), dir.resolve("n.jar"), null);
        BundleJars.sign(noManifest, PUBLISHER);
        Path newer = BundleJars.jarOf(Files.createDirectories(dir.resolve("empty2")), dir.resolve("v2.jar"), manifest(2));
        BundleJars.sign(newer, PUBLISHER);
        Path notAJar = Files.writeString(dir.resolve("x.jar"), "not a zip");
        BundleJars.sign(notAJar, PUBLISHER);

        assertThat(((InstallResult.Refused) installer.install(noManifest, null)).failure().kind())
                .isEqualTo(BundleFailure.Kind.INVALID_BUNDLE);
        InstallResult.Refused v2 = (InstallResult.Refused) installer.install(newer, null);
        assertThat(v2.failure().kind()).isEqualTo(BundleFailure.Kind.INCOMPATIBLE);
        assertThat(v2.failure().detail()).contains("implements SPI version 2, this device implements version 1");
        assertThat(((InstallResult.Refused) installer.install(notAJar, null)).failure().detail()).contains("is not a jar");
    }

    @Test
    void aJarLargerThanTheLimitIsRefusedBeforeItIsVerified() throws IOException {
        Path big = Files.write(dir.resolve("big.jar"), new byte[(1 << 20) + 1]);
        BundleJars.sign(big, PUBLISHER);

        InstallResult.Refused r = (InstallResult.Refused) installer.install(big, null);

        assertThat(r.failure().kind()).isEqualTo(BundleFailure.Kind.INVALID_BUNDLE);
        assertThat(r.failure().detail()).isEqualTo("the bundle is larger than 1048576 bytes");
        assertThat(r.verification()).isNull();
        assertThat(Files.list(dir.resolve("store"))).isEmpty();
    }
}
