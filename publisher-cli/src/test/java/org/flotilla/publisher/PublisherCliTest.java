package org.flotilla.publisher;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.flotilla.model.bundle.BundleSpi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class PublisherCliTest {

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = PublisherMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Run(code, out.toString(), err.toString());
    }

    private static void assertOneLine(Run r) {
        assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
        assertThat(r.err()).startsWith("flotilla-publisher: ").doesNotContain("\tat ", "Exception:");
    }

    private Path keys(String name) {
        Run r = run("keygen", "--out", dir.resolve("keys").toString(), "--name", name);
        assertThat(r.code()).as(r.err()).isZero();
        return dir.resolve("keys").resolve(name + ".key");
    }

    @Test
    void keygenWritesAPrivateKeyOnlyTheOwnerCanReadAndAPublicKey() throws IOException {
        Run r = run("keygen", "--out", dir.resolve("keys").toString());

        assertThat(r.code()).isZero();
        Path key = dir.resolve("keys/publisher.key");
        Path pub = dir.resolve("keys/publisher.pub");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(pub))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(key)).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(pub)).startsWith("-----BEGIN PUBLIC KEY-----").doesNotContain("PRIVATE");
        assertThat(r.out()).containsPattern("^key id [0-9a-f]{16}: private key ");
        assertThat(Files.list(dir.resolve("keys"))).hasSize(2);
    }

    @Test
    void keygenNeverOverwritesAKey() throws IOException {
        Path key = keys("publisher");
        String before = Files.readString(key);

        Run again = run("keygen", "--out", dir.resolve("keys").toString());

        assertThat(again.code()).isEqualTo(2);
        assertOneLine(again);
        assertThat(again.err()).contains("already exists");
        assertThat(Files.readString(key)).isEqualTo(before);
    }

    @Test
    void signThenVerifyAndEveryWayVerificationFails() throws IOException {
        Path key = keys("publisher");
        Path other = keys("other");
        Path pub = dir.resolve("keys/publisher.pub");
        Path plan = Files.writeString(dir.resolve("plan.json"), "{\"version\":1,\"architecture\":\"mlp\"}");

        Run signed = run("sign", "--key", key.toString(), plan.toString());
        Run ok = run("verify", "--trust", pub.toString(), plan.toString());

        assertThat(signed.code()).as(signed.err()).isZero();
        assertThat(signed.out()).contains("signed " + plan, "plan.json.sig");
        assertThat(signed.err()).isEmpty();
        assertThat(ok.code()).isZero();
        assertThat(ok.out()).startsWith("trusted: " + plan + " is signed by trusted key ");

        byte[] bytes = Files.readAllBytes(plan);
        bytes[5] ^= 1;
        Files.write(plan, bytes);
        Run tampered = run("verify", "--trust", pub.toString(), plan.toString());
        assertThat(tampered.code()).isEqualTo(5);
        assertOneLine(tampered);
        assertThat(tampered.err()).contains("bad signature", "changed after it was signed");

        run("sign", "--key", other.toString(), plan.toString());
        Run untrusted = run("verify", "--trust", pub.toString(), plan.toString());
        assertThat(untrusted.code()).isEqualTo(4);
        assertOneLine(untrusted);

        Files.delete(dir.resolve("plan.json.sig"));
        Run missing = run("verify", "--trust", pub.toString(), plan.toString());
        assertThat(missing.code()).isEqualTo(3);
        assertOneLine(missing);
    }

    @Test
    void aJarIsSignedOnlyWhenItIsAValidBundle() throws IOException {
        Path key = keys("publisher");
        Path good = jar("good.jar", "{\"name\":\"b\",\"version\":\"1\",\"entryClass\":\"org.example.P\",\"spiVersion\":1,"
                + "\"resources\":{\"heapMegabytes\":256,\"workers\":2}}");
        Path bad = jar("bad.jar", "{\"name\":\"b\",\"version\":\"1\",\"entryClass\":\"P\",\"spiVersion\":1,"
                + "\"resources\":{\"heapMegabytes\":256,\"workers\":2}}");

        Run ok = run("sign", "--key", key.toString(), good.toString());
        Run refused = run("sign", "--key", key.toString(), bad.toString());

        assertThat(ok.code()).isZero();
        assertThat(ok.out()).contains("bundle b 1");
        assertThat(refused.code()).isEqualTo(2);
        assertOneLine(refused);
        assertThat(refused.err()).contains("entryClass must be");
        assertThat(dir.resolve("bad.jar.sig")).doesNotExist();
    }

    @Test
    void badInputIsOneLineAndExitCodeTwo() throws IOException {
        Path pub = Files.writeString(dir.resolve("x.pub"), "not a key");
        Path file = Files.writeString(dir.resolve("f.txt"), "x");
        Path key = keys("publisher");
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

        for (Run r : new Run[] {
                run(),
                run("sign", file.toString()),
                run("sign", "--key", dir.resolve("absent.key").toString(), file.toString()),
                run("sign", "--key", pub.toString(), file.toString()),
                run("sign", "--key", dir.resolve("keys/publisher.pub").toString(), file.toString()),
                run("verify", "--trust", pub.toString(), file.toString()),
                run("verify", "--trust", dir.resolve("keys/publisher.pub").toString(), dir.resolve("absent").toString()),
                run("keygen"),
                run("frobnicate")}) {
            assertThat(r.code()).as(r.err()).isEqualTo(2);
            assertOneLine(r);
        }
        Run warned = run("sign", "--key", key.toString(), file.toString());
        assertThat(warned.code()).isZero();
        assertThat(warned.err()).contains("is readable by others", "chmod 600");
    }

    private Path jar(String name, String manifest) throws IOException {
        Path jar = dir.resolve(name);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(BundleSpi.MANIFEST_ENTRY));
            out.write(manifest.getBytes(StandardCharsets.UTF_8));
        }
        return jar;
    }
}
