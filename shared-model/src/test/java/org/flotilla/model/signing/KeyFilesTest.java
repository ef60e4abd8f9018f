package org.flotilla.model.signing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KeyFilesTest {

    @TempDir
    Path dir;

    @Test
    void keyFilesRoundTripThroughPem() {
        SigningKey key = SigningKey.generate();

        SigningKey back = SigningKey.fromPem(key.toPem(), "key.pem");
        List<PublisherKey> pub = PublisherKey.fromPem(key.publisherKey().toPem(), "key.pub");

        assertThat(back.id()).isEqualTo(key.id());
        assertThat(pub).containsExactly(key.publisherKey());
        assertThat(key.toPem()).startsWith("-----BEGIN PRIVATE KEY-----\n").contains("-----BEGIN PUBLIC KEY-----\n");
        // Ed25519 signatures are deterministic: the reloaded key signs identically.
        String sha = "ab".repeat(32);
        assertThat(back.sign(sha)).isEqualTo(key.sign(sha));
    }

    @Test
    void keyIdIsTheFirstEightBytesOfTheSpkiHash() throws Exception {
        SigningKey key = SigningKey.generate();
        byte[] spki = key.publisherKey().publicKey().getEncoded();
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(spki);

        assertThat(key.id().hex()).isEqualTo(java.util.HexFormat.of().formatHex(digest, 0, 8));
        assertThat(spki).hasSize(44);   // X.509 SubjectPublicKeyInfo of an Ed25519 key
    }

    @Test
    void aKeyFileWhoseHalvesDoNotMatchIsRefused() {
        SigningKey a = SigningKey.generate();
        SigningKey b = SigningKey.generate();
        String privateOfA = a.toPem().substring(0, a.toPem().indexOf("-----BEGIN PUBLIC KEY-----"));

        assertThatThrownBy(() -> SigningKey.fromPem(privateOfA + b.publisherKey().toPem(), "mixed.key"))
                .isInstanceOf(SigningException.class).hasMessageContaining("do not belong together");
    }

    @Test
    void aPublicKeyFileIsNotASigningKey() {
        SigningKey a = SigningKey.generate();

        assertThatThrownBy(() -> SigningKey.fromPem(a.publisherKey().toPem(), "a.pub"))
                .isInstanceOf(SigningException.class).hasMessageContaining("no private key");
    }

    @Test
    void aTrustFileRefusesPrivateKeysAndOtherAlgorithms() throws Exception {
        SigningKey a = SigningKey.generate();
        assertThatThrownBy(() -> PublisherKey.fromPem(a.toPem(), "trust.pem"))
                .isInstanceOf(SigningException.class).hasMessageContaining("never give devices the private key");

        byte[] ed448 = KeyPairGenerator.getInstance("Ed448").generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> PublisherKey.fromPem(Pem.encode(Pem.PUBLIC_KEY, ed448), "ed448.pem"))
                .isInstanceOf(SigningException.class).hasMessageContaining("Ed25519");

        byte[] rsa = KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded();
        assertThatThrownBy(() -> PublisherKey.fromPem(Pem.encode(Pem.PUBLIC_KEY, rsa), "rsa.pem"))
                .isInstanceOf(SigningException.class).hasMessageContaining("Ed25519");
    }

    @Test
    void malformedPemIsRefusedWithTheFileName() {
        String good = SigningKey.generate().publisherKey().toPem();
        for (String text : new String[] {"", "hello", good.replace("-----END PUBLIC KEY-----", ""),
                good.replaceFirst("\n[A-Za-z0-9+/]", "\n*"), good + "-----BEGIN PUBLIC KEY-----\nAAAA\n"}) {
            assertThatThrownBy(() -> PublisherKey.fromPem(text, "trust.pem"))
                    .isInstanceOf(SigningException.class).hasMessageStartingWith("trust.pem");
        }
    }

    @Test
    void trustedKeysLoadFromAFileOfSeveralBlocksOrAFolder() throws IOException {
        SigningKey a = SigningKey.generate();
        SigningKey b = SigningKey.generate();
        Path file = Files.writeString(dir.resolve("publishers.pem"), a.publisherKey().toPem() + b.publisherKey().toPem());
        Path folder = Files.createDirectories(dir.resolve("trusted"));
        Files.writeString(folder.resolve("a.pub"), a.publisherKey().toPem());
        Files.writeString(folder.resolve("b.pem"), b.publisherKey().toPem());
        Files.writeString(folder.resolve("README.txt"), "ignored");

        assertThat(TrustedKeys.load(file).ids()).containsExactly(a.id(), b.id());
        assertThat(TrustedKeys.load(folder).ids()).containsExactlyInAnyOrder(a.id(), b.id());
        assertThat(TrustedKeys.load(folder).find(b.id())).contains(b.publisherKey());
        assertThatThrownBy(() -> TrustedKeys.load(dir.resolve("absent.pem")))
                .isInstanceOf(SigningException.class).hasMessageContaining("does not exist");
        Path big = Files.write(dir.resolve("big.pem"), new byte[Pem.MAX_FILE_BYTES + 1]);
        assertThatThrownBy(() -> TrustedKeys.load(big))
                .isInstanceOf(SigningException.class).hasMessageContaining("larger than");
    }
}
