package org.flotilla.crash;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.flotilla.model.codec.Sha256;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import tools.jackson.databind.JsonNode;

/**
 * A crash campaign: three protocol clients run jobs on the real coordinator, which is SIGKILLed at
 * every {@link KillPoint} once per cycle, restarted on the same data directory, and held to the
 * {@link Ledger} after each restart. A cycle runs one three-round job with a 1.3 M-parameter MLP
 * (updates of 5 MB, so aggregation and its artifact writes take long enough to be hit), server-side
 * and federated evaluation, one decline, one half-sent upload; then a second job that is cancelled.
 * At the end each job's rounds are checked for exactly-once aggregation ({@link RoundAudit}) and,
 * after a clean stop, database and artifact folder are audited side by side ({@link StoreAudit}).
 */
public final class Campaign implements AutoCloseable {

    static final int INPUTS = 256;
    static final int CLASSES = 4;
    static final int ROUNDS = 3;
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Pattern RECOVERED = Pattern.compile("and (\\d+) closing cohort\\(s\\)");
    private static final Pattern SWEPT = Pattern.compile("Artifact sweep: deleted (\\d+) orphan");

    private final CampaignSettings settings;
    private final CoordinatorProcess coordinator;
    private final Wire wire;
    private final AdminView admin;
    private final StoreCheck store;
    private final Ledger ledger = new Ledger();
    private final Report report = new Report();
    private final SplittableRandom random;
    private final List<Device> trio = new ArrayList<>();
    private final Path evaluationSet;
    private long killedAt; // System.nanoTime() of the last SIGKILL

    private Campaign(CampaignSettings settings) throws IOException {
        this.settings = settings;
        Path dir = settings.work().resolve("campaign-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")));
        Files.createDirectories(dir);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        FastStart program = settings.fastStart() ? FastStart.prepare(java, settings.coordinatorJar(), settings.work())
                : FastStart.plain(settings.coordinatorJar());
        // The campaign's evaluation set lies in its folder, outside the data directory's default root.
        List<String> options = new ArrayList<>(settings.coordinatorOptions());
        options.add("-Dflotilla.evaluation.root=" + dir.toAbsolutePath());
        this.coordinator = new CoordinatorProcess(program, dir, options);
        this.wire = new Wire(coordinator.url());
        this.admin = new AdminView(wire, coordinator.tokens().get("admin"));
        this.store = new StoreCheck(coordinator.dataDir(), settings.databaseStore() ? admin : null);
        this.random = new SplittableRandom(settings.seed());
        this.evaluationSet = EvaluationCsv.write(dir.resolve("evaluation.csv"), INPUTS, CLASSES, 300, settings.seed());
    }

    /** Runs a whole campaign; throws a {@link Violation} at the first broken promise. */
    public static Report run(CampaignSettings settings) throws Exception {
        if (settings.dbUrl() != null) {
            Postgres.wipe(settings.dbUrl(), settings.dbUser(), settings.dbPassword());
        }
        try (Campaign c = new Campaign(settings)) {
            return c.execute();
        }
    }

    /** Where the campaign's coordinator log is, for a failure message. */
    public Path log() {
        return coordinator.dataDir().resolveSibling("logs").resolve("coordinator.log");
    }

    private Report execute() throws Exception {
        long t0 = System.nanoTime();
        coordinator.start();
        admin.bind(coordinator.api());
        String enrolment = coordinator.tokens().get("enrolment");
        trio.add(Device.enrol(wire, enrolment, "a", 100));
        trio.add(Device.enrol(wire, enrolment, "b", 150));
        trio.add(Device.enrol(wire, enrolment, "c", 250));
        trio.forEach(ledger::enrolled);
        for (int n = 1; n <= settings.cycles(); n++) {
            cycle(n);
        }
        Thread.sleep(4_500); // past orphan-age + sweep-interval: the sweep has looked at everything
        countSwept();
        coordinator.close();
        report.audit = StoreAudit.of(coordinator.dataDir(), settings.auditUrl(coordinator.dataDir()), user(),
                settings.dbUrl() == null ? "" : settings.dbPassword(), settings.databaseStore());
        if (!report.audit.consistent()) {
            throw new Violation("store audit: rows without their file " + report.audit.rowsWithoutFile()
                    + ", references without a row " + report.audit.referencesWithoutRow());
        }
        if (!report.audit.filesWithoutRow().isEmpty()) {
            throw new Violation("orphan files left after the sweep ran: " + report.audit.filesWithoutRow());
        }
        report.elapsed = Duration.ofNanos(System.nanoTime() - t0);
        return report;
    }

    private String user() {
        return settings.dbUrl() == null ? "sa" : settings.dbUser();
    }

    private void cycle(int n) throws Exception {
        Device a = trio.get(0);
        Device b = trio.get(1);
        Device c = trio.get(2);

        // Concurrent enrolments sharing group commits, killed just after the first 201.
        EnrolmentBurst burst = EnrolmentBurst.prepare(wire, admin, "burst-" + n);
        long ack = burst.fire();
        kill(KillPoint.AFTER_ENROLMENT_BURST, ack, true, burst::settle, () -> burst.inFlightAt(killedAt));
        EnrolmentBurst.Outcome enrolled = burst.verify(admin, ledger, killedAt);
        report.burst(enrolled);

        JsonNode created = admin.api().createJob(Jobs.big("cycle-" + n, ROUNDS, INPUTS, CLASSES, evaluationSet));
        ack = System.nanoTime();
        long job = created.path("id").asLong();
        ledger.job(job, "RUNNING");
        killAfter(KillPoint.AFTER_JOB_CREATED, ack, true);
        long count = admin.job(job).path("parameterCount").asLong();
        ledger.observe(admin, job);

        // Round 1: an assignment, an update, a decline, a half-sent upload, then aggregation.
        Assignment aTrain = awaitAssignment(a, TaskKind.TRAIN, job);
        ack = System.nanoTime();
        ledger.assigned(a, aTrain);
        killAfter(KillPoint.AFTER_ASSIGNMENT, ack, true);
        Assignment again = awaitAssignment(a, TaskKind.TRAIN, job);
        if (!again.equals(aTrain)) {
            throw new Violation("after the restart " + a.id() + " was given " + again + " instead of its acknowledged " + aTrain);
        }
        Assignment bTrain = assign(b, TaskKind.TRAIN, job);
        Assignment cTrain = assign(c, TaskKind.TRAIN, job);

        byte[] aUpdate = a.update(aTrain, count);
        String aSha = Sha256.of(aUpdate); // hashed before, so the kill follows the 201 within milliseconds
        Device.expect(a.upload(aTrain, aUpdate), 201, "upload of " + a.id());
        ack = System.nanoTime();
        ledger.updated(a, aTrain, aSha);
        killAfter(KillPoint.AFTER_UPDATE_ACCEPTED, ack, true);
        Device.expect(a.upload(aTrain, aUpdate), 200, "the repeated upload of an update accepted before the crash");

        Device.expect(c.decline(cTrain, "SHUTTING_DOWN"), 204, "decline of " + c.id());
        ack = System.nanoTime();
        ledger.declined(c, cTrain, "SHUTTING_DOWN");
        killAfter(KillPoint.AFTER_DECLINE, ack, true);

        byte[] bUpdate = b.update(bTrain, count);
        Set<String> before = temporaryFiles();
        try (Socket half = b.uploadPart(bTrain, bUpdate, bUpdate.length / 2)) {
            long written = awaitPartialTemporaryFile(before, bUpdate.length / 4);
            kill(KillPoint.MID_UPLOAD_BODY, System.nanoTime(), false, () -> written > 0 && written < bUpdate.length);
        }
        requireNotReported(job, 1, b, Sha256.of(bUpdate));
        Device.expect(b.upload(bTrain, bUpdate), 201, "upload of " + b.id() + " after the interrupted one");
        ledger.updated(b, bTrain, Sha256.of(bUpdate));
        JsonNode seen = awaitAttempt(job, 1, s -> !s.path("state").asString("").equals("TRAINING"));
        boolean aggregating = seen.path("state").asString("").equals("AGGREGATING");
        kill(KillPoint.DURING_AGGREGATION, System.nanoTime(), false, () -> aggregating && recoveredAggregating());
        awaitAttempt(job, 1, s -> s.path("state").asString("").equals("COMPLETED"));
        ledger.observe(admin, job);

        // Round 1's federated evaluation; its last result opens round 2.
        Assignment aEval = assign(a, TaskKind.EVALUATE, job);
        Assignment bEval = assign(b, TaskKind.EVALUATE, job);
        Assignment cEval = assign(c, TaskKind.EVALUATE, job);
        EvalResult aResult = a.evaluation(aEval);
        Device.expect(a.report(aEval, aResult), 201, "evaluation result of " + a.id());
        ack = System.nanoTime();
        ledger.reported(a, aEval, aResult);
        killAfter(KillPoint.AFTER_EVALUATION_RESULT, ack, true);
        Device.expect(a.report(aEval, aResult), 200, "the repeated report of a result accepted before the crash");
        report(b, bEval);
        report(c, cEval);
        awaitAttempt(job, 2, s -> true);
        ledger.observe(admin, job);
        killAfter(KillPoint.AFTER_ROUND_TRANSITION, System.nanoTime(), true);

        // Round 2: killed while its aggregation writes an artifact.
        List<Assignment> round2 = List.of(assign(a, TaskKind.TRAIN, job), assign(b, TaskKind.TRAIN, job),
                assign(c, TaskKind.TRAIN, job));
        upload(a, round2.get(0), count);
        upload(b, round2.get(1), count);
        Set<String> temps = temporaryFiles();
        upload(c, round2.get(2), count);
        String part = awaitNewTemporaryFile(temps);
        // Odd cycles kill while the first artifact is still a temporary file; even cycles as soon as it
        // has been renamed into place, before its row commits: the crash order that leaves an orphan.
        boolean renamed = n % 2 == 0 && part != null && awaitGone(store.root().resolve("tmp").resolve(part));
        kill(KillPoint.DURING_ARTIFACT_WRITE, System.nanoTime(), false,
                () -> part != null && (n % 2 == 1 || renamed) && recoveredAggregating());
        awaitAttempt(job, 2, s -> s.path("state").asString("").equals("COMPLETED"));
        ledger.observe(admin, job);
        for (Device d : trio) {
            report(d, assign(d, TaskKind.EVALUATE, job));
        }

        // Round 3, the last: no kill; the job completes.
        List<Assignment> round3 = new ArrayList<>();
        for (Device d : trio) {
            round3.add(assign(d, TaskKind.TRAIN, job));
        }
        for (int i = 0; i < trio.size(); i++) {
            upload(trio.get(i), round3.get(i), count);
        }
        awaitAttempt(job, 3, s -> s.path("state").asString("").equals("COMPLETED"));
        for (Device d : trio) {
            report(d, assign(d, TaskKind.EVALUATE, job));
        }
        awaitJob(job, "COMPLETED");
        ledger.observe(admin, job);
        report.roundsVerified += RoundAudit.exactlyOnce(admin, ledger, job, ROUNDS, count, trio);
        report.jobsCompleted++;

        // A second job, cancelled while a client holds an assignment of it.
        long cancelled = admin.api().createJob(Jobs.small("cancel-" + n, ROUNDS, INPUTS, CLASSES)).path("id").asLong();
        ledger.job(cancelled, "RUNNING");
        assign(a, TaskKind.TRAIN, cancelled);
        admin.api().cancel(cancelled);
        ack = System.nanoTime();
        ledger.job(cancelled, "CANCELLED");
        killAfter(KillPoint.AFTER_CANCEL, ack, true);
        JsonNode r1 = admin.latestAttempt(cancelled, 1);
        if (r1 == null || !r1.path("state").asString("").equals("FAILED")) {
            throw new Violation("round 1 of the cancelled job " + cancelled + " is " + r1);
        }
        if (a.checkIn(0).isPresent()) {
            throw new Violation(a.id() + " still got work after its job was cancelled");
        }
    }

    // --- steps ---

    private Assignment assign(Device d, TaskKind kind, long job) throws Exception {
        Assignment a = awaitAssignment(d, kind, job);
        ledger.assigned(d, a);
        return a;
    }

    private void upload(Device d, Assignment a, long count) throws Exception {
        byte[] u = d.update(a, count);
        Device.expect(d.upload(a, u), 201, "upload of " + d.id() + " for round " + a.round());
        ledger.updated(d, a, Sha256.of(u));
    }

    private void report(Device d, Assignment a) throws Exception {
        EvalResult r = d.evaluation(a);
        Device.expect(d.report(a, r), 201, "evaluation result of " + d.id() + " for round " + a.round());
        ledger.reported(d, a, r);
    }

    private Assignment awaitAssignment(Device d, TaskKind kind, long job) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            var a = d.checkIn(2);
            if (a.isPresent()) {
                if (a.get().jobId() != job || a.get().task() != kind) {
                    throw new Violation(d.id() + " was given " + a.get() + " while waiting for " + kind + " of job " + job);
                }
                return a.get();
            }
        }
        throw new Violation(d.id() + " got no " + kind + " assignment of job " + job + " within " + WAIT.toSeconds() + " s");
    }

    private JsonNode awaitAttempt(long job, int round, java.util.function.Predicate<JsonNode> until) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            JsonNode s = admin.latestAttempt(job, round);
            if (s != null && until.test(s)) {
                return s;
            }
            Thread.sleep(2);
        }
        throw new Violation("round " + round + " of job " + job + " did not get there within " + WAIT.toSeconds() + " s: "
                + admin.latestAttempt(job, round));
    }

    private void awaitJob(long job, String state) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!admin.job(job).path("state").asString("").equals(state)) {
            if (System.nanoTime() > end) {
                throw new Violation("job " + job + " is " + admin.job(job).path("state") + ", not " + state);
            }
            Thread.sleep(20);
        }
    }

    private void requireNotReported(long job, int round, Device d, String sha) throws Exception {
        for (JsonNode attempt : admin.round(job, round).path("attempts")) {
            for (JsonNode p : attempt.path("participants")) {
                if (p.path("clientId").asString("").equals(d.id()) && !p.path("status").asString("").equals("ASSIGNED")) {
                    throw new Violation("a half-sent upload changed " + d.id() + " to " + p.path("status"));
                }
            }
        }
        HttpResponse<byte[]> r = admin.artifact(sha);
        if (r.statusCode() != 404) {
            throw new Violation("the artifact of a half-sent upload is visible: GET answered " + r.statusCode());
        }
    }

    // --- killing ---

    /** Evidence, read after the restart, that a kill hit the moment it aimed at. */
    @FunctionalInterface
    private interface Evidence {
        boolean hit() throws Exception;
    }

    /** A kill 0–3 ms after an acknowledgement. */
    private void killAfter(KillPoint point, long ackNanos, boolean hit) throws Exception {
        kill(point, ackNanos, true, () -> hit);
    }

    /** Work between the SIGKILL and the restart. */
    @FunctionalInterface
    private interface AfterKill {
        void run() throws Exception;
    }

    private void kill(KillPoint point, long ackNanos, boolean jitter, Evidence evidence) throws Exception {
        kill(point, ackNanos, jitter, () -> { }, evidence);
    }

    /** SIGKILL, restart on the same data directory, then hold the new incarnation to the ledger. */
    private void kill(KillPoint point, long ackNanos, boolean jitter, AfterKill afterKill, Evidence evidence) throws Exception {
        if (jitter) {
            long until = ackNanos + random.nextLong(3_000_001);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
        }
        killedAt = System.nanoTime();
        double delayMs = (killedAt - ackNanos) / 1e6;
        coordinator.kill();
        afterKill.run();
        countSwept();
        report.restarted(coordinator.start());
        wire.renew();
        admin.bind(coordinator.api());
        report.killed(point, delayMs, evidence.hit());
        ledger.verify(admin, store);
        store.scan();
    }

    /** Whether the incarnation just started found a round in AGGREGATING (the cohort sweep logs its closing cohorts once recovery ran). */
    private boolean recoveredAggregating() throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < end) {
            Matcher m = RECOVERED.matcher(coordinator.logSinceStart());
            if (m.find()) {
                return Integer.parseInt(m.group(1)) > 0;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private void countSwept() {
        Matcher m = SWEPT.matcher(coordinator.logSinceStart());
        while (m.find()) {
            report.orphansSwept += Integer.parseInt(m.group(1));
        }
    }

    // --- the artifact folder's temporary files ---

    private Set<String> temporaryFiles() throws IOException {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> in = Files.newDirectoryStream(store.root().resolve("tmp"))) {
            in.forEach(p -> names.add(p.getFileName().toString()));
        }
        return names;
    }

    /** Waits for a new temporary file of at least {@code bytes}; its size, or −1. */
    private long awaitPartialTemporaryFile(Set<String> before, long bytes) throws Exception {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            try (DirectoryStream<Path> in = Files.newDirectoryStream(store.root().resolve("tmp"))) {
                for (Path p : in) {
                    if (!before.contains(p.getFileName().toString())) {
                        try {
                            long size = Files.size(p);
                            if (size >= bytes) {
                                return size;
                            }
                        } catch (java.nio.file.NoSuchFileException gone) {
                            // renamed or swept meanwhile
                        }
                    }
                }
            }
            Thread.sleep(1);
        }
        return -1;
    }

    /** Polls as fast as it can for a temporary file that was not there before; its name, or null. */
    private String awaitNewTemporaryFile(Set<String> before) throws IOException {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        Path tmp = store.root().resolve("tmp");
        while (System.nanoTime() < end) {
            try (DirectoryStream<Path> in = Files.newDirectoryStream(tmp)) {
                for (Path p : in) {
                    if (!before.contains(p.getFileName().toString())) {
                        return p.getFileName().toString();
                    }
                }
            }
            Thread.onSpinWait();
        }
        return null;
    }

    /** Polls as fast as it can until a file is gone; false after 20 s. */
    private static boolean awaitGone(Path file) {
        long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < end) {
            if (!Files.exists(file)) {
                return true;
            }
            Thread.onSpinWait();
        }
        return false;
    }

    @Override
    public void close() {
        coordinator.close();
    }

    /** The report so far (for a failure message). */
    public Report report() {
        return report;
    }

    static Map<String, Device> byId(List<Device> devices) {
        Map<String, Device> m = new java.util.HashMap<>();
        devices.forEach(d -> m.put(d.id(), d));
        return m;
    }
}
