package org.flotilla.edge.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.ManifestException;
import org.flotilla.model.bundle.host.HostProtocol;
import org.flotilla.model.bundle.host.SessionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a child for a job: checks what can be checked before anything runs (isolation policy, SPI
 * version, heap budget, hidden paths the child would need), prepares its folder (the verified jar
 * copied and hashed again, the training runtime, {@code session.json}), builds its command line and
 * waits for {@code READY}.
 */
final class ChildLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ChildLauncher.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A child that is ready, and the workers it was given. */
    record Started(ChildSession session, int workers) {
    }

    private final RunnerConfig config;
    private final Isolation isolation;
    private final IsolationProbe.Tools tools;

    ChildLauncher(RunnerConfig config, Isolation isolation, IsolationProbe.Tools tools) {
        this.config = config;
        this.isolation = isolation;
        this.tools = tools;
    }

    /** Removes the folders of sessions a crashed run left behind. */
    void removeStaleSessions() {
        try (Stream<Path> stale = Files.isDirectory(sessions()) ? Files.list(sessions()) : Stream.empty()) {
            stale.forEach(Files2::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot clean {}: {}", sessions(), e.getMessage());
        }
    }

    /** A ready child for {@code job}, or why there is none (nothing is left running then). */
    Attempt<Started> launch(BundleJob job, Instant deadline, StopSignal stop) {
        BundleManifest manifest = job.bundle().manifest();
        if (config.policy() == IsolationPolicy.REQUIRED && !isolation.namespaces()) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.ISOLATION_UNAVAILABLE, "this device requires namespace"
                    + " isolation for bundles, which is not available here: " + isolation.describe()));
        }
        try {
            manifest.requireSupportedSpi();
        } catch (ManifestException e) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.INCOMPATIBLE, e.getMessage()));
        }
        if (manifest.resources().heapMegabytes() > config.heapMegabytes()) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.RESOURCES_UNAVAILABLE, "the bundle needs "
                    + manifest.resources().heapMegabytes() + " MiB of heap, this device gives bundles "
                    + config.heapMegabytes() + " MiB"));
        }
        int workers = Math.min(config.workers(), manifest.resources().workers());
        List<Path> hidden = config.hiddenPaths().stream().filter(Files::exists).toList();
        String conflict = conflict(hidden, job.data());
        if (conflict != null) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.HOST_ERROR, conflict));
        }
        SessionLayout layout;
        try {
            layout = prepare(job, workers);
        } catch (UntrustedCopy e) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.UNTRUSTED, e.getMessage()));
        } catch (IOException | RuntimeException e) {
            return Attempt.failed(BundleFailure.of(BundleFailure.Kind.HOST_ERROR, "cannot prepare the child's folder: " + e));
        }
        String nonce = HexFormat.of().formatHex(randomBytes(16));
        List<Path> classPath = new ArrayList<>(config.platformClassPath());
        classPath.add(layout.runtimeJar());
        classPath.add(layout.bundleJar());
        List<Path> toHide = new ArrayList<>(hidden);
        Path cache = nativeCache();
        if (isolation.namespaces() && !cache.equals(config.nativeCache()) && Files.isDirectory(config.nativeCache())) {
            toHide.add(config.nativeCache());   // no overlay: the child has a cache of its own and must not write to this one
        }
        ChildCommand command = ChildCommand.build(config, isolation, tools, layout, classPath, workers, toHide, cache, nonce);
        Instant startBy = Instant.now().plus(config.startTimeout());
        LOG.info("starting bundle {} for {} in a child JVM: {} worker(s), heap {} MiB, {}", job.bundle(), job.jobKey(),
                workers, config.heapMegabytes(), isolation.namespaces() ? "namespaces" : "no namespaces");
        Attempt<ChildSession> started = ChildSession.start(command, layout, nonce, config,
                startBy.isBefore(deadline) ? startBy : deadline, stop);
        return started.ok() ? Attempt.of(new Started(started.value(), workers)) : Attempt.failed(started.failure());
    }

    private SessionLayout prepare(BundleJob job, int workers) throws IOException, UntrustedCopy {
        Files.createDirectories(sessions());
        Files.setPosixFilePermissions(sessions(), PosixFilePermissions.fromString("rwx------"));
        Path root = Files.createDirectory(sessions().resolve("s-" + HexFormat.of().formatHex(randomBytes(6))),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        SessionLayout layout = new SessionLayout(root);
        try {
            copyVerified(job.bundle(), layout.bundleJar());
            ChildClassPath.writeTrainingRuntime(layout.runtimeJar());
            Files.writeString(layout.logConfig(), ChildCommand.logConfig());
            Files.createDirectories(layout.tmp());
            Files.createDirectories(layout.overlayUpper());
            Files.createDirectories(layout.overlayWork());
            Files.write(root.resolve(HostProtocol.SESSION_FILE), HostProtocol.sessionJson(new SessionSpec(
                    HostProtocol.VERSION, job.bundle().manifest(), job.data().spec(), job.data().heldOutFraction(),
                    job.data().seed(), workers, job.seed(), job.settings())));
            return layout;
        } catch (IOException | UntrustedCopy | RuntimeException e) {
            Files2.deleteTree(root);
            throw e;
        }
    }

    /** Copies the stored jar into the child's folder while hashing the bytes copied: the child runs exactly what was verified. */
    private static void copyVerified(VerifiedBundle bundle, Path target) throws IOException, UntrustedCopy {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(bundle.jar());
             OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
            in.transferTo(out);
        }
        String got = HexFormat.of().formatHex(sha.digest());
        if (!got.equals(bundle.sha256())) {
            throw new UntrustedCopy("the stored bundle " + bundle.jar() + " changed since it was verified (now " + got
                    + ", verified " + bundle.sha256() + ")");
        }
    }

    /** The native cache a child reads: the edge client's through an overlay, else one for children only. */
    private Path nativeCache() {
        if (isolation.namespaces() && isolation.overlay() && Files.isDirectory(config.nativeCache())) {
            return config.nativeCache();
        }
        Path own = config.workRoot().resolve("child-native-cache");
        try {
            Files.createDirectories(own);
        } catch (IOException e) {
            // the child will say it cannot unpack its libraries
        }
        return own;
    }

    /** Why the hidden paths would break the child (it must see the data, Java and its class path), or null. */
    private String conflict(List<Path> hidden, DataRef data) {
        List<Path> needed = new ArrayList<>(config.platformClassPath());
        needed.add(config.java());
        needed.add(data.path());
        for (Path h : hidden) {
            for (Path n : needed) {
                if (n.startsWith(h)) {
                    return n + " is under the hidden path " + h + ", but the child needs it; move it or hide less";
                }
            }
        }
        return null;
    }

    private Path sessions() {
        return config.workRoot().resolve("sessions");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** The stored jar does not have the verified content any more. */
    private static final class UntrustedCopy extends Exception {
        UntrustedCopy(String message) {
            super(message);
        }
    }
}
