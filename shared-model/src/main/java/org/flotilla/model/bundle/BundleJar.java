package org.flotilla.model.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/** Reads the manifest out of a bundle jar, bounded before anything is read. */
public final class BundleJar {

    private BundleJar() {
    }

    /**
     * The manifest of {@code jar}.
     *
     * @throws ManifestException when the file is not a jar, has no manifest, or the manifest is too
     *     large or invalid
     * @throws IOException when the file cannot be read
     */
    public static BundleManifest readManifest(Path jar) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(BundleSpi.MANIFEST_ENTRY);
            if (entry == null || entry.isDirectory()) {
                throw new ManifestException(null, jar.getFileName() + " has no " + BundleSpi.MANIFEST_ENTRY
                        + "; a bundle jar carries its manifest there");
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return BundleManifest.parse(in.readNBytes(BundleSpi.MAX_MANIFEST_BYTES + 1));
            }
        } catch (ZipException e) {
            throw new ManifestException(null, jar.getFileName() + " is not a jar (" + e.getMessage() + ")");
        }
    }
}
