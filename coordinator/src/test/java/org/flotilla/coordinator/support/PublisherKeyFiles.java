package org.flotilla.coordinator.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.flotilla.model.signing.SigningKey;

/** Publisher key files for {@code flotilla.bundles.publisher-keys} in tests. */
public final class PublisherKeyFiles {

    private PublisherKeyFiles() {
    }

    /** A temporary PEM file holding {@code key}'s public key, deleted when the JVM exits; its path. */
    public static String pem(SigningKey key) {
        try {
            Path pem = Files.createTempFile("publishers", ".pem");
            Files.writeString(pem, key.publisherKey().toPem());
            pem.toFile().deleteOnExit();
            return pem.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
