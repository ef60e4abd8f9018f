package org.flotilla.bench.load;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

import org.flotilla.demo.JobRequests;
import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.edge.http.ClientCredentials;
import org.flotilla.edge.http.CoordinatorClient;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import tools.jackson.databind.JsonNode;

/**
 * The coordinator load benchmark ({@code benchmarks/load/run}): against a coordinator process
 * whose pid it is given, it
 * <ol>
 *   <li>enrols the clients (a warm-up tenth first, not counted), {@code --concurrency} at a time;</li>
 *   <li>checks every client in once without waiting;</li>
 *   <li>starts every client's long-poll loop ({@code --wait}) in three steps (100, 1,000, all), with
 *       the coordinator's RSS and, with {@code --histograms}, its heap histogram after each; then
 *       holds them for {@code --held-seconds} with {@code --probes} immediate check-ins spread over
 *       that time;</li>
 *   <li>runs a FedAvg MLP job of {@code --rounds} rounds × {@code --per-round} clients, no
 *       over-selection, no server-side evaluation: selection, downloads, uploads and aggregation
 *       per round;</li>
 *   <li>downloads the weights once more from {@code --per-round} assigned clients, and reads each
 *       round's detail five times.</li>
 * </ol>
 * CPU per request is the coordinator's user + system time over a phase divided by the phase's
 * requests; for the phases that run while every client long-polls, the idle rate measured in step
 * 3 is subtracted first. Bounded: it gives up after {@code --max-minutes}.
 */
public final class LoadBench {

    private final LoadOptions o;
    private final ProcessProbe coordinator;
    private final Recorder recorder = new Recorder();
    private final Fleet fleet;
    private final CoordinatorApi api;
    private final String enrolmentToken;
    private final Map<String, String> figures = new LinkedHashMap<>();
    private final long deadline;

    private LoadBench(LoadOptions o) {
        this.o = o;
        this.coordinator = new ProcessProbe(o.pid(), o.ticksPerSecond());
        HttpClient http = CoordinatorClient.httpClientBuilder(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        CoordinatorClient client = new CoordinatorClient(o.coordinator(), http, new org.flotilla.edge.lifecycle.StopSignal(),
                "load-bench", Duration.ofMinutes(2));
        this.fleet = new Fleet(client, recorder, o.parameters(), o.perRound(), o.uploadConcurrency(), o.waitSeconds());
        this.api = new CoordinatorApi(o.coordinator(), env("FLOTILLA_ADMIN_TOKEN"));
        this.enrolmentToken = env("FLOTILLA_ENROLMENT_TOKEN");
        this.client = client;
        this.deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(o.maxMinutes());
    }

    private final CoordinatorClient client;

    public static void main(String[] args) throws Exception {
        LoadOptions o;
        try {
            o = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("load-bench: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status = new LoadBench(o).run();
        System.exit(status);
    }

    private int run() throws Exception {
        say("load: %s", Files.readString(Path.of("/proc/loadavg")).strip());
        enrol();
        checkInOnce();
        double idleRate = hold();
        long jobId = job(idleRate);
        downloadsAgain(idleRate);
        roundDetails(jobId);
        fleet.stop().request("done");
        figures.put("coordinator peak RSS", String.format(Locale.ROOT, "%.0f MiB", coordinator.peakRssKiB() / 1024.0));
        figures.put("coordinator RSS at the end", String.format(Locale.ROOT, "%.0f MiB", coordinator.rssKiB() / 1024.0));
        System.out.println();
        System.out.print(recorder.table());
        System.out.println();
        figures.forEach((k, v) -> System.out.println(k + ": " + v));
        say("load: %s", Files.readString(Path.of("/proc/loadavg")).strip());
        return recorder.errors() == 0 ? 0 : 1;
    }

    private void enrol() throws InterruptedException {
        int warm = Math.max(1, o.clients() / 10);
        parallel(warm, i -> enrolOne(i, "enrol (warm-up)"));
        recorder.reset("enrol (warm-up)");
        long cpu = coordinator.cpuMillis();
        long t = System.nanoTime();
        parallel(o.clients() - warm, i -> enrolOne(warm + i, "enrol"));
        long n = o.clients() - warm;
        cpuFigure("enrol", cpu, n, 0, t);
        say("enrolled %d clients (%d measured) in %.1f s", fleet.clients().size(), n, seconds(t));
    }

    private void enrolOne(int i, String kind) {
        long t = System.nanoTime();
        try {
            EnrolResponse r = client.enrol(enrolmentToken, new EnrolRequest("load-" + i, 2, "linux-x86_64", Fleet.EXAMPLES));
            recorder.time(kind, t);
            fleet.add(new ClientCredentials(r.clientId(), r.secret()));
        } catch (RuntimeException e) {
            recorder.error(kind, e);
        }
    }

    private void checkInOnce() throws InterruptedException {
        List<ClientCredentials> all = fleet.clients();
        parallel(Math.min(all.size(), 1000), i -> fleet.checkInNow(all.get(i), "check-in (warm-up)"));
        recorder.reset("check-in (warm-up)");
        long cpu = coordinator.cpuMillis();
        long t = System.nanoTime();
        parallel(all.size(), i -> fleet.checkInNow(all.get(i), "check-in (immediate)"));
        cpuFigure("check-in (immediate, nothing held)", cpu, all.size(), 0, t);
    }

    /** Starts the long-polls in steps; returns the coordinator's CPU rate (ms per second) while all are held. */
    private double hold() throws InterruptedException, IOException {
        int started = 0;
        for (int step : new int[] {100, 1000, o.clients()}) {
            int to = Math.min(step, fleet.clients().size());
            if (to <= started) {
                continue;
            }
            fleet.startPolling(started, to);
            started = to;
            Thread.sleep(Duration.ofSeconds(o.waitSeconds() + 5));
            memory(started + " held");
        }
        long cpu = coordinator.cpuMillis();
        long answers = fleet.heldAnswers();
        long t = System.nanoTime();
        long end = t + TimeUnit.SECONDS.toNanos(o.heldSeconds());
        List<ClientCredentials> all = fleet.clients();
        if (o.probes() > 0) {
            long gap = TimeUnit.SECONDS.toNanos(o.heldSeconds()) / o.probes();
            for (int i = 0; i < o.probes(); i++) {
                ClientCredentials c = all.get((i * 7919) % all.size());
                Thread.ofVirtual().start(() -> fleet.checkInNow(c, "check-in (immediate, all others held)"));
                long next = t + (i + 1) * gap;
                long sleep = next - System.nanoTime();
                if (sleep > 0) {
                    TimeUnit.NANOSECONDS.sleep(sleep);
                }
            }
        }
        long left = end - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
        long used = coordinator.cpuMillis() - cpu;
        double window = seconds(t);
        long held = fleet.heldAnswers() - answers;
        double rate = used / window;
        figures.put("held long-polls", String.format(Locale.ROOT,
                "%d clients polling; over %.0f s the coordinator used %d ms CPU (%.1f ms/s) for %d empty long-poll answers"
                        + " and %d immediate check-ins: %.3f ms per held check-in (the probes' share not subtracted)",
                fleet.polling(), window, used, rate, held, o.probes(), (double) used / Math.max(1, held)));
        return rate;
    }

    private long job(double idleRate) throws Exception {
        Map<String, Object> job = new LinkedHashMap<>(JobRequests.fashionMnist("load-mlp", "mlp", o.rounds(), o.perRound(),
                42, 0.05, 32));
        job.remove("evaluation");
        job.put("overSelection", 1.0);
        job.put("minClients", o.perRound());
        job.put("roundTimeoutSeconds", 600);
        JsonNode created = api.createJob(WireJson.write(job));
        long jobId = created.path("id").asLong();
        say("job %d: %d rounds x %d clients, MLP (%d parameters per update)", jobId, o.rounds(), o.perRound(), o.parameters());
        for (int r = 1; r <= o.rounds(); r++) {
            Fleet.Round round = fleet.round(r);
            long t0 = System.nanoTime();
            long cpuStart = coordinator.cpuMillis();
            while (round.downloaded.getCount() > 0) {
                checkTime("round " + r + " selection and downloads");
                Thread.sleep(10);
            }
            long downloadsDone = System.nanoTime();
            long cpuDownloads = coordinator.cpuMillis();
            while (round.uploadedCount() < o.perRound()) {
                checkTime("round " + r + " uploads");
                Thread.sleep(10);
            }
            long cpuUploads = coordinator.cpuMillis();
            double uploadWindow = (round.uploadsEndNanos - downloadsDone) / 1e9;
            JsonNode detail = api.round(jobId, r);
            JsonNode summary = detail.path("attempts").path(0).path("summary");
            Instant opened = Instant.parse(summary.path("openedAt").asString());
            double selection = Duration.between(opened, round.lastAssigned).toMillis() / 1000.0;
            double assignSpan = Duration.between(round.firstAssigned, round.lastAssigned).toMillis() / 1000.0;
            String next;
            if (r < o.rounds()) {
                Instant nextOpened = awaitOpened(jobId, r + 1);
                next = String.format(Locale.ROOT, "%.3f s from the %d-th upload's answer to round %d's opening",
                        Duration.between(round.lastUploaded, nextOpened).toMillis() / 1000.0, o.perRound(), r + 1);
            } else {
                awaitJobEnd(jobId);
                next = "last round";
            }
            JsonNode timings = api.round(jobId, r).path("attempts").path(0).path("summary").path("timings");
            figures.put("round " + r, String.format(Locale.ROOT,
                    "the %d-th client assigned %.3f s after the opening (first to last assignment %.3f s); selection and"
                            + " downloads %.1f s, %d ms CPU (%.2f ms per assigning check-in + 2 downloads, idle rate subtracted);"
                            + " uploads %.1f s, %d ms CPU (%.2f ms per upload, idle rate subtracted); aggregation %s s; %s",
                    o.perRound(), selection, assignSpan, (downloadsDone - t0) / 1e9, cpuDownloads - cpuStart,
                    (cpuDownloads - cpuStart - idleRate * (downloadsDone - t0) / 1e9) / o.perRound(), uploadWindow,
                    cpuUploads - cpuDownloads, (cpuUploads - cpuDownloads - idleRate * uploadWindow) / o.perRound(),
                    timings.path("aggregationSeconds").asString("?"), next));
            say("%s", "round " + r + ": " + figures.get("round " + r));
        }
        memory("after the job");
        return jobId;
    }

    private void downloadsAgain(double idleRate) throws InterruptedException {
        List<Map.Entry<String, String>> assigned = new ArrayList<>(fleet.weightsOf().entrySet());
        Map<String, ClientCredentials> byId = new LinkedHashMap<>();
        fleet.clients().forEach(c -> byId.put(c.clientId(), c));
        int n = Math.min(o.perRound(), assigned.size());
        long cpu = coordinator.cpuMillis();
        long t = System.nanoTime();
        parallel(n, i -> fleet.download(byId.get(assigned.get(i).getKey()), assigned.get(i).getValue(), "download (weights, alone)"));
        cpuFigure("download of the weights (" + o.parameters() * 4 / 1024 + " KiB)", cpu, n, idleRate, t);
    }

    private void roundDetails(long jobId) throws IOException, InterruptedException {
        for (int r = 1; r <= o.rounds(); r++) {
            for (int i = 0; i < 5; i++) {
                long t = System.nanoTime();
                JsonNode d = api.round(jobId, r);
                recorder.time("round detail (" + d.path("attempts").path(0).path("participants").size() + " participants)", t);
            }
        }
    }

    private Instant awaitOpened(long jobId, int round) throws IOException, InterruptedException {
        while (true) {
            checkTime("opening of round " + round);
            for (JsonNode s : api.rounds(jobId)) {
                if (s.path("round").asInt() == round && s.hasNonNull("openedAt")) {
                    return Instant.parse(s.path("openedAt").asString());
                }
            }
            Thread.sleep(20);
        }
    }

    private void awaitJobEnd(long jobId) throws IOException, InterruptedException {
        while (true) {
            checkTime("end of the job");
            String state = api.job(jobId).path("state").asString("");
            if (!state.equals("RUNNING") && !state.equals("CREATED")) {
                figures.put("job", state);
                return;
            }
            Thread.sleep(50);
        }
    }

    private void memory(String when) throws IOException, InterruptedException {
        figures.put("coordinator RSS, " + when, String.format(Locale.ROOT, "%.0f MiB (peak %.0f MiB)",
                coordinator.rssKiB() / 1024.0, coordinator.peakRssKiB() / 1024.0));
        say("coordinator RSS, %s: %.0f MiB", when, coordinator.rssKiB() / 1024.0);
        if (o.histograms() != null) {
            Files.createDirectories(o.histograms());
            Path out = o.histograms().resolve("histogram-" + when.replace(' ', '-') + ".txt");
            Process p = new ProcessBuilder("jcmd", Long.toString(o.pid()), "GC.class_histogram")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroy();
            }
        }
    }

    private void cpuFigure(String what, long cpuBefore, long requests, double idleRate, long startNanos) {
        long used = coordinator.cpuMillis() - cpuBefore;
        double window = seconds(startNanos);
        double net = used - idleRate * window;
        figures.put("CPU per " + what, String.format(Locale.ROOT, "%.3f ms (%d ms over %d requests in %.1f s%s)",
                net / requests, used, requests, window,
                idleRate > 0 ? String.format(Locale.ROOT, ", idle rate %.1f ms/s subtracted", idleRate) : ""));
        say("CPU per %s: %s", what, figures.get("CPU per " + what));
    }

    /** Runs {@code task(0 … n-1)} on virtual threads, at most {@code --concurrency} at a time. */
    private void parallel(int n, IntConsumer task) throws InterruptedException {
        Semaphore slots = new Semaphore(o.concurrency());
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < n; i++) {
                checkTime("a phase of " + n + " requests");
                slots.acquire();
                int index = i;
                ex.submit(() -> {
                    try {
                        task.accept(index);
                    } finally {
                        slots.release();
                    }
                });
            }
        }
    }

    private void checkTime(String what) {
        if (System.nanoTime() > deadline) {
            System.out.print(recorder.table());
            figures.forEach((k, v) -> System.out.println(k + ": " + v));
            System.err.println("load-bench: gave up waiting for " + what + " after --max-minutes " + o.maxMinutes());
            System.exit(3);
        }
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[%s] " + format + "%n", prepend(Instant.now().toString().substring(11, 19), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static String env(String name) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            System.err.println("load-bench: set " + name + " (the coordinator's token)");
            System.exit(2);
        }
        return v;
    }
}
