package org.flotilla.coordinator.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import org.flotilla.coordinator.artifact.ArtifactKind;
import org.flotilla.coordinator.artifact.ArtifactStore;
import org.flotilla.coordinator.artifact.StoredArtifact;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.coordinator.system.Refused;
import org.flotilla.model.bundle.BundleJar;
import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.ManifestException;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.protocol.RefusalReason;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.model.signing.SigningException;
import org.springframework.stereotype.Service;

/**
 * Uploading bundles and their signatures, and the check a job's bundle must pass. A jar is
 * streamed into the artifact store's temporary folder while it is hashed and counted (refused as
 * soon as it passes {@code flotilla.bundles.max-bytes}), its manifest read and checked, and only
 * then stored — file and row durable before the caller answers. Signatures are parsed and must
 * name the jar's hash; whether their key is trusted is asked when a job names the bundle.
 */
@Service
public class BundleService {

    private static final int BUFFER = 64 * 1024;

    private final BundleRepository bundles;
    private final ArtifactStore store;
    private final long maxBytes;
    private final PublisherSignatures publishers;
    private final Clock clock;

    BundleService(BundleRepository bundles, ArtifactStore store, BundleProperties properties,
                  PublisherSignatures publishers, Clock clock) {
        this.bundles = bundles;
        this.store = store;
        this.maxBytes = properties.maxBytes().toBytes();
        this.publishers = publishers;
        this.clock = clock;
    }

    /** Stores an uploaded jar (its body, {@code contentLength} or −1 when unknown) and describes it. */
    public Bundle upload(InputStream body, long contentLength) throws IOException {
        if (contentLength > maxBytes) {
            throw tooLarge(contentLength);
        }
        Path temp = store.newTempFile();
        try {
            MessageDigest sha = sha256();
            long size = 0;
            byte[] buf = new byte[BUFFER];
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), sha)) {
                for (int r; (r = body.read(buf)) > 0; ) {
                    size += r;
                    if (size > maxBytes) {
                        throw tooLarge(size);
                    }
                    out.write(buf, 0, r);
                }
            }
            if (size == 0) {
                throw Invalid.field("body", "a bundle jar", "the body is empty; send the bundle jar as the body");
            }
            BundleManifest manifest = manifest(temp);
            String hash = HexFormat.of().formatHex(sha.digest());
            StoredArtifact jar = store.adopt(ArtifactKind.BUNDLE, temp, hash, size);
            bundles.insertIfAbsent(new Bundle(jar.sha256(), jar.size(), manifest.name(), manifest.version(),
                    manifest.entryClass(), manifest.spiVersion(), null, null, clock.instant()));
            return get(jar.sha256());
        } finally {
            store.discard(temp);
        }
    }

    /** Stores a signature document for bundle {@code sha256} and relays it from now on. */
    public Bundle attachSignature(String sha256, InputStream body) throws IOException {
        Bundle bundle = get(sha256);
        byte[] json = body.readNBytes(DetachedSignature.MAX_BYTES + 1);
        if (json.length > DetachedSignature.MAX_BYTES) {
            throw new Refused(RefusalReason.TOO_LARGE, false, "a signature document is at most "
                    + DetachedSignature.MAX_BYTES + " bytes", "body", "at most " + DetachedSignature.MAX_BYTES + " bytes");
        }
        DetachedSignature signature;
        try {
            signature = DetachedSignature.parse(json);
        } catch (SigningException e) {
            throw Invalid.field("body", "a flotilla-signature document (the .sig of ./flotilla sign)", e.getMessage());
        }
        if (!signature.sha256().equals(bundle.sha256())) {
            throw new Invalid("signature-mismatch", "sha256", bundle.sha256(), "the signature is for artifact "
                    + signature.sha256() + ", not for bundle " + bundle.sha256() + " (was the jar changed after signing?)");
        }
        StoredArtifact stored = store.put(ArtifactKind.SIGNATURE, json);
        bundles.attachSignature(bundle.sha256(), stored.sha256(), signature.keyId());
        return get(sha256);
    }

    /**
     * The bundle a job may train with: uploaded, signed, and its signature verifying under one of
     * the configured publisher keys.
     *
     * @throws Invalid naming {@code bundle.sha256} and what is missing
     */
    public Bundle requireTrusted(String sha256) {
        String field = "bundle.sha256";
        if (!Sha256.isValid(sha256)) {
            throw Invalid.field(field, "64 lowercase hex digits", "bundle.sha256 must name an uploaded bundle by its SHA-256");
        }
        Bundle bundle = bundles.find(sha256).orElseThrow(() -> Invalid.field(field, "an uploaded bundle (POST /api/v1/bundles)",
                "no bundle " + sha256 + " has been uploaded"));
        if (bundle.signatureSha256() == null) {
            throw Invalid.field(field, "a signed bundle (PUT /api/v1/bundles/{sha256}/signature)",
                    "bundle " + sha256 + " has no signature; sign it with ./flotilla sign and upload the .sig");
        }
        publishers.requireTrusted(field, "bundle " + sha256, sha256, store.read(bundle.signatureSha256()));
        return bundle;
    }

    public Bundle get(String sha256) {
        if (!Sha256.isValid(sha256)) {
            throw new Invalid("malformed-hash", "sha256", "64 lowercase hex digits",
                    "a bundle is named by its SHA-256 as 64 lowercase hex digits");
        }
        return bundles.find(sha256).orElseThrow(() -> new NotFound("bundle " + sha256));
    }

    public List<Bundle> list() {
        return bundles.list();
    }

    private static BundleManifest manifest(Path jar) throws IOException {
        try {
            return BundleJar.readManifest(jar).requireSupportedSpi();
        } catch (ManifestException e) {
            throw Invalid.field("body", "a bundle jar with a valid manifest (docs/code-bundles.md)", e.getMessage());
        }
    }

    private Refused tooLarge(long size) {
        return new Refused(RefusalReason.TOO_LARGE, false, "the bundle is " + (size > maxBytes ? "over " : "") + size
                + " bytes, more than flotilla.bundles.max-bytes (" + maxBytes + ")", "body", "at most " + maxBytes + " bytes");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
