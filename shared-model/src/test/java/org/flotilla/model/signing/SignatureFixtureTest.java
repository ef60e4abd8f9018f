package org.flotilla.model.signing;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checked-in key pair, artifact and signature (test-only key material): a change of the signed
 * message, the document format or the key encodings breaks this test, as a format change must be
 * noticed.
 */
class SignatureFixtureTest {

    @Test
    void theCheckedInSignatureStillVerifiesAndIsReproduced() throws IOException, URISyntaxException {
        Path dir = Path.of(SignatureFixtureTest.class.getResource("/signing/fixture-artifact.txt").toURI()).getParent();
        Path artifact = dir.resolve("fixture-artifact.txt");
        SigningKey key = SigningKey.readPem(dir.resolve("fixture-test-only.key"));
        TrustedKeys trusted = TrustedKeys.load(dir.resolve("fixture-test-only.pub"));

        Verification v = new SignatureVerifier(trusted).verify(artifact, null);

        assertThat(v.status()).isEqualTo(Verification.Status.TRUSTED);
        assertThat(v.keyId()).isEqualTo(new KeyId("6388eb0fa5366623"));
        assertThat(key.sign(artifact).toJson()).isEqualTo(Files.readAllBytes(dir.resolve("fixture-artifact.txt.sig")));
    }
}
