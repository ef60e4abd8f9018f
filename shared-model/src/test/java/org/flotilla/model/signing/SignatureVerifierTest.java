package org.flotilla.model.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;

import org.flotilla.model.codec.Sha256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SignatureVerifierTest {

    @TempDir
    Path dir;

    private final SigningKey publisher = SigningKey.generate();
    private final SignatureVerifier verifier = new SignatureVerifier(TrustedKeys.of(publisher.publisherKey()));

    @Test
    void signedArtifactIsTrusted() throws IOException {
        // Prepare
        Path artifact = write("bundle.jar", bytes(10_000, 1));
        Files.write(sigPath(artifact), publisher.sign(artifact).toJson());

        // Execute
        Verification v = verifier.verify(artifact, null);

        // Assert
        assertThat(v.status()).isEqualTo(Verification.Status.TRUSTED);
        assertThat(v.keyId()).isEqualTo(publisher.id());
        assertThat(v.isTrusted()).isTrue();
    }

    @Test
    void everySingleByteChangeOfTheArtifactIsABadSignature() throws IOException {
        byte[] original = bytes(2_000, 2);
        Path artifact = write("plan.json", original);
        byte[] sig = publisher.sign(artifact).toJson();
        for (int position : new int[] {0, 1, 999, 1_999}) {
            byte[] tampered = original.clone();
            tampered[position] ^= 0x01;
            Files.write(artifact, tampered);

            Verification v = verifier.verify(Sha256.of(artifact), Optional.of(sig));

            assertThat(v.status()).as("byte %d changed", position).isEqualTo(Verification.Status.BAD_SIGNATURE);
            assertThat(v.detail()).contains("changed after it was signed");
        }
        Files.write(artifact, original);
        assertThat(verifier.verify(Sha256.of(artifact), Optional.of(sig)).isTrusted()).isTrue();
    }

    @Test
    void aSignatureMovedToTheTamperedHashDoesNotVerify() throws IOException {
        // The attacker edits the artifact and writes its new hash into the signature document.
        Path artifact = write("bundle.jar", bytes(500, 3));
        DetachedSignature honest = publisher.sign(artifact);
        byte[] tampered = Files.readAllBytes(artifact);
        tampered[100] ^= 0x40;
        String newSha = Sha256.of(tampered);
        DetachedSignature forged = new DetachedSignature(honest.format(), honest.version(), honest.algorithm(),
                honest.keyId(), newSha, honest.signature());

        Verification v = verifier.verify(newSha, Optional.of(forged.toJson()));

        assertThat(v.status()).isEqualTo(Verification.Status.BAD_SIGNATURE);
        assertThat(v.detail()).contains("does not verify under trusted key " + publisher.id());
    }

    @Test
    void aFlippedBitInTheSignatureIsABadSignature() throws IOException {
        Path artifact = write("bundle.jar", bytes(500, 4));
        DetachedSignature honest = publisher.sign(artifact);
        byte[] raw = honest.signatureBytes();
        raw[17] ^= 0x01;
        DetachedSignature flipped = new DetachedSignature(honest.format(), honest.version(), honest.algorithm(),
                honest.keyId(), honest.sha256(), Base64.getEncoder().encodeToString(raw));

        assertThat(verifier.verify(honest.sha256(), Optional.of(flipped.toJson())).status())
                .isEqualTo(Verification.Status.BAD_SIGNATURE);
    }

    @Test
    void aKeyTheDeviceDoesNotTrustIsUntrustedEvenWhenTheSignatureIsValid() throws IOException {
        Path artifact = write("bundle.jar", bytes(500, 5));
        SigningKey stranger = SigningKey.generate();
        byte[] sig = stranger.sign(artifact).toJson();

        Verification v = verifier.verify(Sha256.of(artifact), Optional.of(sig));

        assertThat(v.status()).isEqualTo(Verification.Status.UNTRUSTED_KEY);
        assertThat(v.keyId()).isEqualTo(stranger.id());
        assertThat(v.detail()).contains(stranger.id().hex()).contains(publisher.id().hex());
        assertThat(new SignatureVerifier(TrustedKeys.none()).verify(Sha256.of(artifact), Optional.of(sig)).status())
                .isEqualTo(Verification.Status.UNTRUSTED_KEY);
    }

    @Test
    void noSignatureIsMissing() throws IOException {
        Path artifact = write("bundle.jar", bytes(10, 6));

        assertThat(verifier.verify(artifact, null).status()).isEqualTo(Verification.Status.MISSING);
        assertThat(verifier.verify(Sha256.of(artifact), Optional.empty()).status()).isEqualTo(Verification.Status.MISSING);
    }

    @Test
    void malformedDocumentsAreBadSignaturesNotExceptions() {
        String sha = Sha256.of(new byte[] {1});
        String valid = new String(publisher.sign(sha).toJson(), StandardCharsets.UTF_8);
        for (String doc : new String[] {
                "", "not json", "{}", "[]",
                valid.replace("Ed25519", "Ed448"),
                valid.replace("\"version\" : 1", "\"version\" : 2"),
                valid.replace("flotilla-signature", "other"),
                valid.replaceFirst("\"keyId\" : \"[0-9a-f]{16}\"", "\"keyId\" : \"XYZ\""),
                valid.replace("}", ", \"extra\": 1}"),
                valid + " trailing",
                "{\"format\":\"flotilla-signature\",\"version\":1,\"algorithm\":\"Ed25519\",\"keyId\":\""
                        + publisher.id() + "\",\"sha256\":\"" + sha + "\",\"signature\":\"AAAA\"}",
                "x".repeat(DetachedSignature.MAX_BYTES + 1)}) {
            Verification v = verifier.verify(sha, Optional.of(doc.getBytes(StandardCharsets.UTF_8)));
            assertThat(v.status()).as(doc.length() > 80 ? doc.substring(0, 80) : doc)
                    .isEqualTo(Verification.Status.BAD_SIGNATURE);
            assertThat(v.detail()).startsWith("unreadable signature: ");
        }
    }

    @Test
    void signatureDocumentRoundTripsAsJson() {
        DetachedSignature sig = publisher.sign(Sha256.of(new byte[] {9}));

        DetachedSignature back = DetachedSignature.parse(sig.toJson());

        assertThat(back).isEqualTo(sig);
        assertThat(new String(sig.toJson(), StandardCharsets.UTF_8))
                .contains("\"format\" : \"flotilla-signature\"", "\"algorithm\" : \"Ed25519\"",
                        "\"keyId\" : \"" + publisher.id() + "\"");
    }

    private Path write(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static Path sigPath(Path artifact) {
        return artifact.resolveSibling(artifact.getFileName() + DetachedSignature.SUFFIX);
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
