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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.bundle.ManifestException;
import org.flotilla.model.bundle.host.HostCommand;
import org.flotilla.model.bundle.host.HostEvent;
import org.flotilla.model.bundle.host.HostProtocol;
import org.flotilla.model.bundle.host.SessionSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs verified bundles in child JVMs (see the package documentation). One child is kept per job
 * while its tasks succeed and it is used within {@link RunnerConfig#idleTimeout()}: JVM start-up,
 * native loading and reading the data are paid once per job, not once per round. Any failure ends
 * the child; the next task starts a new one. Methods are synchronized: one task at a time.
 */
public final class BundleRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BundleRunner.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RunnerConfig config;
    private final Isolation isolation;
    private final IsolationProbe.Tools tools;
    private final ScheduledExecutorService reaper;
    private Live current;
    /** Whether the current child was started for the task now running (its start-up counts in that task's stats). */
    private boolean freshStart;
    private long tasks;

    private record SessionKey(String jobKey, String sha256, DataRef data, long seed, Map<String, Double> settings) {
    }

    private record Live(SessionKey key, ChildSession session, int workers) {
    }

    /** Probes the machine's isolation (once per JVM) and removes sessions a crashed run left behind. */
    public BundleRunner(RunnerConfig config) {
        this.config = config;
        this.tools = IsolationProbe.tools();
        this.isolation = config.policy() == IsolationPolicy.PROCESS_ONLY
                ? Isolation.processOnly("namespaces turned off (policy PROCESS_ONLY)")
                : IsolationProbe.detect(config.workRoot().resolve("probe"));
        if (!isolation.namespaces()) {
            LOG.warn("bundle children are not fully isolated: {}", isolation.describe());
        }
        try (Stream<Path> stale = Files.isDirectory(sessions()) ? Files.list(sessions()) : Stream.empty()) {
            stale.forEach(Files2::deleteTree);
        } catch (IOException e) {
            LOG.warn("cannot clean {}: {}", sessions(), e.getMessage());
        }
        this.reaper = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("bundle-reaper").daemon(true).factory());
        long period = Math.max(1, Math.min(30, config.idleTimeout().toSeconds() / 2));
        reaper.scheduleWithFixedDelay(this::closeIfIdle, period, period, TimeUnit.SECONDS);
    }

    /** What confines the children on this machine. */
    public Isolation isolation() {
        return isolation;
    }

    /** Trains one round: the program's parameters after the round, checked, or a decline. */
    public synchronized BundleOutcome<BundleUpdate> train(BundleJob job, TrainTask task, StopSignal stop) {
        Attempt<Live> live = acquire(job, task.deadline(), stop);
        if (!live.ok()) {
            return declined(live.failure(), null);
        }
        ChildSession s = live.value().session();
        long count = s.parameterCount();
        if (task.globalParameters().length != count) {
            return declinedAndClose(BundleFailure.of(BundleFailure.Kind.MODEL_MISMATCH, "the program's model has " + count
                    + " parameters, the job's weights have " + task.globalParameters().length), s, 0);
        }
        String id = "t" + (++tasks);
        String in = id + "-in.fltw";
        String out = id + "-out.fltw";
        long t0 = System.nanoTime();
        try {
            s.writeWeights(in, task.globalParameters());
        } catch (IOException e) {
            return declinedAndClose(BundleFailure.of(BundleFailure.Kind.HOST_ERROR, "cannot write the weights for the child: "
                    + e.getMessage()), s, t0);
        }
        Attempt<HostEvent> r = s.run(new HostCommand(HostCommand.Op.TRAIN, id, task.round(), in, out, task.settings()),
                task.deadline(), stop);
        if (!r.ok()) {
            return declinedAndClose(r.failure(), s, t0);
        }
        HostEvent done = r.value();
        if (done.examples() == null || done.metrics() == null || done.examples() < 1 || done.examples() > task.maxExamples()) {
            return declinedAndClose(BundleFailure.of(BundleFailure.Kind.BAD_OUTPUT, "the child reports "
                    + done.examples() + " training examples; this device has " + task.maxExamples()), s, t0);
        }
        if (done.metrics().workers() > live.value().workers()) {
            return declinedAndClose(BundleFailure.of(BundleFailure.Kind.BAD_OUTPUT, "the child reports "
                    + done.metrics().workers() + " workers; it was given " + live.value().workers()), s, t0);
        }
        Attempt<float[]> w = s.readWeights(out, count);
        s.delete(in);
        s.delete(out);
        if (!w.ok()) {
            return declinedAndClose(w.failure(), s, t0);
        }
        RunStats stats = stats(s, t0);
        afterSuccess();
        return new BundleOutcome.Completed<>(new BundleUpdate(w.value(), done.examples(), done.metrics()), stats);
    }

    /** Evaluates parameters on the local held-out data. */
    public synchronized BundleOutcome<Evaluation> evaluate(BundleJob job, EvalTask task, StopSignal stop) {
        Attempt<Live> live = acquire(job, task.deadline(), stop);
        if (!live.ok()) {
            return declined(live.failure(), null);
        }
        ChildSession s = live.value().session();
        if (task.parameters().length != s.parameterCount()) {
            return declinedAndClose(BundleFailure.of(BundleFailure.Kind.MODEL_MISMATCH, "the program's model has "
                    + s.parameterCount() + " parameters, the weights have " + task.parameters().length), s, 0);
        }
        String id = "t" + (++tasks);
        String in = id + "-in.fltw";
        long t0 = System.nanoTime();
        try {
            s.writeWeights(in, task.parameters());
        } catch (IOException e) {
            return declinedAndClose(BundleFailure.of(BundleFailure.Kind.HOST_ERROR, "cannot write the weights for the child: "
                    + e.getMessage()), s, t0);
        }
        Attempt<HostEvent> r = s.run(new HostCommand(HostCommand.Op.EVALUATE, id, task.round(), in, null, task.settings()),
                task.deadline(), stop);
        s.delete(in);
        if (!r.ok()) {
            return declinedAndClose(r.failure(), s, t0);
        }
        if (r.value().evaluation() == null) {
            return declinedAndClose(BundleFailure.of(BundleFailure.Kind.BAD_OUTPUT, "the child's answer has no evaluation"), s, t0);
        }
        RunStats stats = stats(s, t0);
        afterSuccess();
        return new BundleOutcome.Completed<>(r.value().evaluation(), stats);
    }

    /** The program's initial parameters for the job's seed (how a job's first global model can be made). */
    public synchronized BundleOutcome<float[]> initialParameters(BundleJob job, Instant deadline, StopSignal stop) {
        Attempt<Live> live = acquire(job, deadline, stop);
        if (!live.ok()) {
            return declined(live.failure(), null);
        }
        ChildSession s = live.value().session();
        String id = "t" + (++tasks);
        String out = id + "-init.fltw";
        long t0 = System.nanoTime();
        Attempt<HostEvent> r = s.run(new HostCommand(HostCommand.Op.INIT, id, 0, null, out, null), deadline, stop);
        if (!r.ok()) {
            return declinedAndClose(r.failure(), s, t0);
        }
        Attempt<float[]> w = s.readWeights(out, s.parameterCount());
        s.delete(out);
        if (!w.ok()) {
            return declinedAndClose(w.failure(), s, t0);
        }
        RunStats stats = stats(s, t0);
        afterSuccess();
        return new BundleOutcome.Completed<>(w.value(), stats);
    }

    /** A live child for {@code job}: the current one when it fits, else a new one. */
    private Attempt<Live> acquire(BundleJob job, Instant deadline, StopSignal stop) {
        SessionKey key = new SessionKey(job.jobKey(), job.bundle().sha256(), job.data(), job.seed(), job.settings());
        if (current != null && current.key().equals(key) && current.session().alive()) {
            return Attempt.of(current);
        }
        closeCurrent();
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
        if (!started.ok()) {
            return Attempt.failed(started.failure());
        }
        current = new Live(key, started.value(), workers);
        freshStart = true;
        return Attempt.of(current);
    }

    private SessionLayout prepare(BundleJob job, int workers) throws IOException, UntrustedCopy {
        Files.createDirectories(sessions());
        Files.setPosixFilePermissions(sessions(), PosixFilePermissions.fromString("rwx------"));
        Path root = Files.createDirectory(sessions().resolve("s-" + HexFormat.of().formatHex(randomBytes(6))),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        SessionLayout layout = new SessionLayout(root);
        copyVerified(job.bundle(), layout.bundleJar());
        ChildClassPath.writeTrainingRuntime(layout.runtimeJar());
        Files.writeString(layout.logConfig(), ChildCommand.logConfig());
        Files.createDirectories(layout.tmp());
        Files.createDirectories(layout.overlayUpper());
        Files.createDirectories(layout.overlayWork());
        Files.write(root.resolve(HostProtocol.SESSION_FILE), HostProtocol.sessionJson(new SessionSpec(HostProtocol.VERSION,
                job.bundle().manifest(), job.data().spec(), job.data().heldOutFraction(), job.data().seed(), workers,
                job.seed(), job.settings())));
        return layout;
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

    private RunStats stats(ChildSession s, long t0) {
        boolean fresh = freshStart;
        freshStart = false;
        return new RunStats(fresh, fresh ? s.startSeconds() : 0, (System.nanoTime() - t0) / 1e9,
                fresh ? s.hostTimings() : Map.of());
    }

    private void afterSuccess() {
        if (config.idleTimeout().isZero()) {
            closeCurrent();
        }
    }

    private <T> BundleOutcome<T> declinedAndClose(BundleFailure f, ChildSession s, long t0) {
        RunStats stats = t0 == 0 ? RunStats.none() : stats(s, t0);
        closeCurrent();
        return declined(f, stats);
    }

    private static <T> BundleOutcome<T> declined(BundleFailure f, RunStats stats) {
        LOG.warn("bundle declined: {}", f);
        if (!f.output().isEmpty()) {
            String out = f.output();
            LOG.info("bundle child's last output:\n{}", out.length() <= 2000 ? out : "…" + out.substring(out.length() - 2000));
        }
        return new BundleOutcome.Declined<>(f, stats == null ? RunStats.none() : stats);
    }

    private synchronized void closeIfIdle() {
        if (current != null && Duration.between(current.session().lastUsed(), Instant.now()).compareTo(config.idleTimeout()) > 0) {
            LOG.info("stopping the idle bundle child of {}", current.key().jobKey());
            closeCurrent();
        }
    }

    private void closeCurrent() {
        if (current != null) {
            current.session().close();
            current = null;
            freshStart = false;
        }
    }

    private Path sessions() {
        return config.workRoot().resolve("sessions");
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Stops the live child, if any. */
    @Override
    public synchronized void close() {
        reaper.shutdownNow();
        closeCurrent();
    }

    /** The stored jar does not have the verified content any more. */
    private static final class UntrustedCopy extends Exception {
        UntrustedCopy(String message) {
            super(message);
        }
    }
}
