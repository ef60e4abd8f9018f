package org.flotilla.edge.bundle;

import java.io.IOException;
import java.nio.file.Path;

import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.signing.KeyId;

/**
 * A bundle jar whose signature a {@link BundleInstaller} verified against the device's trusted
 * publisher keys, stored read-only under its SHA-256. Only the installer makes these, so code that
 * holds one can only run verified code; the runner re-hashes the file before each child start.
 */
public final class VerifiedBundle {

    private final Path jar;
    private final String sha256;
    private final BundleManifest manifest;
    private final KeyId publisher;

    VerifiedBundle(Path jar, String sha256, BundleManifest manifest, KeyId publisher) {
        this.jar = jar;
        this.sha256 = sha256;
        this.manifest = manifest;
        this.publisher = publisher;
    }

    /** The stored jar. */
    public Path jar() {
        return jar;
    }

    /** Its SHA-256, the artifact's name. */
    public String sha256() {
        return sha256;
    }

    /** Its manifest, read after the signature was verified. */
    public BundleManifest manifest() {
        return manifest;
    }

    /** The trusted publisher key that signed it. */
    public KeyId publisher() {
        return publisher;
    }

    /** Whether the stored file still has the verified content. */
    boolean intact() {
        try {
            return Sha256.of(jar).equals(sha256);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return manifest.label() + " (" + sha256.substring(0, 12) + ", publisher " + publisher + ")";
    }
}
