package org.flotilla.crash;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.flotilla.model.wire.Assignment;

/**
 * What synchronous commits cost per request (crash-tests/rates): enrolments, check-ins and update
 * uploads per second against a coordinator process on loopback, one request at a time and with
 * several in flight. A check-in without work commits the client's last-seen row; an upload writes
 * its artifact (fsync, rename, directory fsync) and commits its row. Run it once per coordinator
 * build to compare, e.g. {@code --jar} of the previous release and of this one.
 *
 * <p>Options: {@code --jar PATH} (default the built coordinator), {@code --h2 OPTIONS} (extra H2
 * URL settings, e.g. {@code WRITE_DELAY=0}, to measure a variant), {@code --clients K} (64),
 * {@code --seconds S} per check-in measurement (10), {@code --rounds R} of K uploads each (4),
 * {@code --threads 1,8}.
 */
public final class RequestRatesMain {

    private RequestRatesMain() {
    }

    public static void main(String[] args) throws Exception {
        CampaignSettings base = CampaignSettings.fromSystem(1);
        Path jar = base.coordinatorJar();
        String h2 = null;
        int clients = 64;
        int seconds = 10;
        int rounds = 4;
        int[] threads = {1, 8};
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--h2" -> h2 = args[i + 1];
                case "--clients" -> clients = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--threads" -> threads = Arrays.stream(args[i + 1].split(",")).mapToInt(Integer::parseInt).toArray();
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Files.createDirectories(base.work());
        Path dir = Files.createTempDirectory(base.work(), "rates-");
        List<String> options = new ArrayList<>(List.of("-Dflotilla.tensor-pool-size=1", "-Dlogging.level.root=WARN"));
        if (h2 != null) {
            options.add("-Dspring.datasource.url=jdbc:h2:file:" + dir.resolve("coordinator/db/flotilla") + ";" + h2
                    + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE");
        }
        try (CoordinatorProcess c = new CoordinatorProcess(FastStart.prepare(java, jar, base.work()), dir, options)) {
            c.start();
            Wire wire = new Wire(c.url());
            String token = c.tokens().get("enrolment");
            System.out.printf(Locale.ROOT, "coordinator %s%s, %d clients, load %s%n", jar, h2 == null ? "" : " with " + h2,
                    clients, Files.readString(Path.of("/proc/loadavg")).trim());
            System.out.printf(Locale.ROOT, "%-10s %8s %10s %10s %10s %10s%n", "request", "threads", "requests", "per s", "p50 ms", "p99 ms");
            List<Device> devices = new ArrayList<>();
            long t0 = System.nanoTime();
            long[] enrolLatency = new long[clients];
            for (int i = 0; i < clients; i++) {
                long s = System.nanoTime();
                devices.add(Device.enrol(wire, token, "rate-" + i, 100 + i));
                enrolLatency[i] = System.nanoTime() - s;
            }
            print("enrol", 1, clients, System.nanoTime() - t0, enrolLatency);
            for (int t : threads) {
                checkIns(devices, t, Duration.ofSeconds(seconds));
            }
            AdminView admin = new AdminView(wire, c.tokens().get("admin"));
            admin.bind(c.api());
            for (int t : threads) {
                uploads(admin, devices, t, rounds);
            }
        }
    }

    private static void checkIns(List<Device> devices, int threads, Duration length) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + length.toNanos();
        List<Future<long[]>> parts = new ArrayList<>();
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            parts.add(pool.submit(() -> {
                long[] lat = new long[1 << 20];
                int n = 0;
                while (System.nanoTime() < end && n < lat.length) {
                    Device d = devices.get(Math.floorMod(next.getAndIncrement(), devices.size()));
                    long s = System.nanoTime();
                    HttpResponse<String> r = d.checkInRaw(0, 0); // declares no examples: never assigned work
                    Device.expect(r, 200, "check-in");
                    lat[n++] = System.nanoTime() - s;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        long[] all = join(parts);
        print("check-in", threads, all.length, System.nanoTime() - t0, all);
        pool.shutdown();
    }

    private static void uploads(AdminView admin, List<Device> devices, int threads, int rounds) throws Exception {
        String job = Jobs.tiny("rates-" + threads, rounds, devices.size());
        long id = admin.api().createJob(job).path("id").asLong();
        long count = admin.job(id).path("parameterCount").asLong();
        List<long[]> latencies = new ArrayList<>();
        long busy = 0;
        int uploads = 0;
        for (int round = 1; round <= rounds; round++) {
            List<Assignment> work = new ArrayList<>();
            for (Device d : devices) {
                Assignment a = d.checkIn(5).orElseThrow(() -> new IllegalStateException("no assignment"));
                work.add(a);
            }
            List<byte[]> bodies = new ArrayList<>();
            for (int i = 0; i < devices.size(); i++) {
                bodies.add(devices.get(i).update(work.get(i), count));
            }
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            AtomicInteger next = new AtomicInteger();
            List<Future<long[]>> parts = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                parts.add(pool.submit(() -> {
                    long[] lat = new long[devices.size()];
                    int n = 0;
                    for (int i; (i = next.getAndIncrement()) < devices.size(); ) {
                        long s = System.nanoTime();
                        Device.expect(devices.get(i).upload(work.get(i), bodies.get(i)), 201, "upload");
                        lat[n++] = System.nanoTime() - s;
                    }
                    return Arrays.copyOf(lat, n);
                }));
            }
            latencies.add(join(parts));
            busy += System.nanoTime() - t0;
            uploads += devices.size();
            pool.shutdown();
            int r = round;
            long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (true) {
                var s = admin.latestAttempt(id, r);
                if (s != null && s.path("state").asString("").equals("COMPLETED") || System.nanoTime() > end) {
                    break;
                }
                Thread.sleep(20);
            }
        }
        print("upload", threads, uploads, busy, latencies.stream().flatMapToLong(Arrays::stream).toArray());
    }

    private static long[] join(List<Future<long[]>> parts) throws Exception {
        List<long[]> got = new ArrayList<>();
        for (Future<long[]> f : parts) {
            got.add(f.get());
        }
        return got.stream().flatMapToLong(Arrays::stream).toArray();
    }

    private static void print(String what, int threads, int n, long nanos, long[] latencies) {
        long[] sorted = latencies.clone();
        Arrays.sort(sorted);
        double p50 = sorted.length == 0 ? 0 : sorted[sorted.length / 2] / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) (sorted.length * 0.99))] / 1e6;
        System.out.printf(Locale.ROOT, "%-10s %8d %10d %10.1f %10.2f %10.2f%n", what, threads, n, n / (nanos / 1e9), p50, p99);
    }
}
