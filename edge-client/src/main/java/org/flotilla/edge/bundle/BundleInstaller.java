package org.flotilla.edge.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import org.flotilla.model.bundle.BundleJar;
import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.ManifestException;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.model.signing.SignatureVerifier;
import org.flotilla.model.signing.TrustedKeys;
import org.flotilla.model.signing.Verification;

/**
 * Verifies a bundle before anything of it is read and stores it: the jar is copied into the store
 * while it is hashed (bounded in size), the signature is checked against that hash and the trusted
 * publisher keys, and only then is the copy renamed to {@code <sha256>.jar} (read-only) and its
 * manifest read. Verifying the bytes that are stored, not the file that was given, leaves no window
 * for the file to change between check and use.
 */
public final class BundleInstaller {

    /** Default largest bundle jar: 256 MiB. */
    public static final long DEFAULT_MAX_JAR_BYTES = 256L << 20;

    private final Path store;
    private final SignatureVerifier verifier;
    private final long maxJarBytes;

    /**
     * @param store       folder for verified jars (created if needed; outside the state directory)
     * @param trusted     the device's trusted publisher keys
     * @param maxJarBytes largest jar accepted
     */
    public BundleInstaller(Path store, TrustedKeys trusted, long maxJarBytes) {
        if (maxJarBytes < 1) {
            throw new IllegalArgumentException("maxJarBytes must be positive");
        }
        this.store = store;
        this.verifier = new SignatureVerifier(trusted);
        this.maxJarBytes = maxJarBytes;
    }

    /**
     * Installs {@code jar} with its signature file ({@code jar + ".sig"} when {@code signature} is null;
     * a missing file means no signature).
     */
    public InstallResult install(Path jar, Path signature) throws IOException {
        Path sig = signature != null ? signature : jar.resolveSibling(jar.getFileName() + DetachedSignature.SUFFIX);
        Optional<byte[]> doc = Optional.empty();
        if (Files.exists(sig)) {
            try (InputStream in = Files.newInputStream(sig)) {
                doc = Optional.of(in.readNBytes(DetachedSignature.MAX_BYTES + 1));
            }
        }
        try (InputStream in = Files.newInputStream(jar)) {
            return install(in, doc);
        }
    }

    /** Installs a jar read from {@code jar} (e.g. a download) with its signature document, if one came. */
    public InstallResult install(InputStream jar, Optional<byte[]> signatureJson) throws IOException {
        Files.createDirectories(store);
        Path tmp = Files.createTempFile(store, ".incoming-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            String sha = copyHashed(jar, tmp);
            if (sha == null) {
                return refused(BundleFailure.Kind.INVALID_BUNDLE, "the bundle is larger than " + maxJarBytes
                        + " bytes", null);
            }
            Verification v = verifier.verify(sha, signatureJson);
            if (!v.isTrusted()) {
                return refused(BundleFailure.Kind.UNTRUSTED, "bundle " + sha.substring(0, 12) + " is not trusted: "
                        + v.detail(), v);
            }
            Path target = store.resolve(sha + ".jar");
            // Replaces an earlier copy of the same name too: it should be identical, and if it was
            // altered on disk the verified bytes take its place.
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("r--r-----"));
            BundleManifest manifest;
            try {
                manifest = BundleJar.readManifest(target);
            } catch (ManifestException e) {
                return refused(BundleFailure.Kind.INVALID_BUNDLE, e.getMessage(), v);
            }
            try {
                manifest.requireSupportedSpi();
            } catch (ManifestException e) {
                return refused(BundleFailure.Kind.INCOMPATIBLE, e.getMessage(), v);
            }
            VerifiedBundle bundle = new VerifiedBundle(target, sha, manifest, v.keyId());
            return bundle.intact() ? new InstallResult.Installed(bundle)
                    : refused(BundleFailure.Kind.UNTRUSTED, "the stored bundle " + target + " does not match its name", v);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Copies at most {@code maxJarBytes}; returns the hex SHA-256, or null when the input is larger. */
    private String copyHashed(InputStream in, Path target) throws IOException {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        long total = 0;
        byte[] buf = new byte[64 * 1024];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
            for (int r; (r = in.read(buf)) > 0; ) {
                total += r;
                if (total > maxJarBytes) {
                    return null;
                }
                out.write(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static InstallResult refused(BundleFailure.Kind kind, String detail, Verification v) {
        return new InstallResult.Refused(BundleFailure.of(kind, detail), v);
    }
}
