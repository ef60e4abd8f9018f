package org.flotilla.edge.bundle;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.model.bundle.Evaluation;
import org.flotilla.model.bundle.host.HostCommand;
import org.flotilla.model.bundle.host.HostEvent;
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

    private final RunnerConfig config;
    private final Isolation isolation;
    private final ChildLauncher launcher;
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
        this.isolation = config.policy() == IsolationPolicy.PROCESS_ONLY
                ? Isolation.processOnly("namespaces turned off (policy PROCESS_ONLY)")
                : IsolationProbe.detect(config.workRoot().resolve("probe"));
        if (!isolation.namespaces()) {
            LOG.warn("bundle children are not fully isolated: {}", isolation.describe());
        }
        this.launcher = new ChildLauncher(config, isolation, IsolationProbe.tools());
        launcher.removeStaleSessions();
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
        String id = "t" + (++tasks);
        String in = id + "-in.fltw";
        String out = id + "-out.fltw";
        long t0 = System.nanoTime();
        BundleFailure notSent = sendWeights(s, in, task.globalParameters());
        if (notSent != null) {
            return declinedAndClose(notSent, s, t0);
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
        Attempt<float[]> w = s.files().readWeights(out, count);
        s.files().delete(in);
        s.files().delete(out);
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
        String id = "t" + (++tasks);
        String in = id + "-in.fltw";
        long t0 = System.nanoTime();
        BundleFailure notSent = sendWeights(s, in, task.parameters());
        if (notSent != null) {
            return declinedAndClose(notSent, s, t0);
        }
        Attempt<HostEvent> r = s.run(new HostCommand(HostCommand.Op.EVALUATE, id, task.round(), in, null, task.settings()),
                task.deadline(), stop);
        s.files().delete(in);
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
        Attempt<float[]> w = s.files().readWeights(out, s.parameterCount());
        s.files().delete(out);
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
        Attempt<ChildLauncher.Started> started = launcher.launch(job, deadline, stop);
        if (!started.ok()) {
            return Attempt.failed(started.failure());
        }
        current = new Live(key, started.value().session(), started.value().workers());
        freshStart = true;
        return Attempt.of(current);
    }

    /** Writes a task's input for the child; null when done, else why not (the model's size differs, or the write failed). */
    private static BundleFailure sendWeights(ChildSession s, String name, float[] weights) {
        if (weights.length != s.parameterCount()) {
            return BundleFailure.of(BundleFailure.Kind.MODEL_MISMATCH, "the program's model has " + s.parameterCount()
                    + " parameters, the job's weights have " + weights.length);
        }
        try {
            s.files().writeWeights(name, weights);
            return null;
        } catch (IOException e) {
            return BundleFailure.of(BundleFailure.Kind.HOST_ERROR, "cannot write the weights for the child: " + e.getMessage());
        }
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

    /** Stops the live child, if any. */
    @Override
    public synchronized void close() {
        reaper.shutdownNow();
        closeCurrent();
    }
}
