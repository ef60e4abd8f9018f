package org.flotilla.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.EnrolRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The hostile-device suite against the built coordinator in its own process (the "done
 * when"): over real HTTP, one round that wants two updates from four assigned devices meets a
 * 1.5 GB chunked evaluation body, forged example counts, 200 parallel repeats of an accepted
 * upload and a revoked device. Every answer is recorded: none is a 5xx; the refusals are the
 * documented ones; nothing is lost (the global model is exactly the honest devices' FedAvg, the
 * artifact store did not grow from the repeats); and the coordinator's peak resident memory
 * ({@code VmHWM} from {@code /proc/<pid>/status}, read at the end so it covers the whole suite)
 * stays below {@value #RSS_BOUND_MB} MB.
 *
 * <p>The devices are played by this test's HTTP calls rather than edge-client processes, so that
 * they can misbehave; their updates are fixed pseudo-random deltas, so the expected model is
 * computed exactly.
 */
class HostileDevicesIT {

    /** The stated bound on the coordinator's resident memory during the suite (its heap is capped at 512 MB). */
    static final long RSS_BOUND_MB = 1024;
    static final long EVALUATION_BODY = 1536L << 20;
    static final int REPEATS = 200;

    @TempDir
    Path dir;

    private final ConcurrentLinkedQueue<String> seen = new ConcurrentLinkedQueue<>();
    private HttpClient http;
    private URI base;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void hostileDevicesCannotHurtTheCoordinatorOrTheJob() throws Exception {
        long started = System.nanoTime();
        try (LocalFederation federation = new LocalFederation(Federations.programs(), dir, 0, null);
             HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(10)).build()) {
            http = client;
            CoordinatorApi api = federation.startCoordinator(List.of("-Xmx512m"), Duration.ofMinutes(2));
            base = federation.url();
            String admin = "Bearer " + federation.tokens().get("admin");
            String enrolment = "Bearer " + federation.tokens().get("enrolment");

            Device a = enrol(enrolment, "honest-a");
            Device b = enrol(enrolment, "honest-b");
            Device forger = enrol(enrolment, "forger");
            Device revoked = enrol(enrolment, "to-revoke");
            // one round wanting two updates, all four devices assigned, at most 100 examples per update
            long job = api.createJob(WireJson.write(Map.of("name", "hostile", "model", Map.of("name", "logreg"),
                    "inputShape", List.of(8), "numClasses", 3, "rounds", 1, "clientsPerRound", 2, "minClients", 2,
                    "overSelection", 2.0, "roundTimeoutSeconds", 120, "maxExamplesPerClient", 100))).path("id").asLong();

            JsonNode forA = checkIn(a, 90);
            JsonNode forB = checkIn(b, 60);
            JsonNode forForger = checkIn(forger, 50);
            JsonNode forRevoked = checkIn(revoked, 40);
            float[] global = WeightsCodec.decode(send(a.auth(), "GET",
                    "/api/v1/artifacts/" + forA.path("weightsSha256").asString(), null, Map.of()).body());
            byte[] updateA = WeightsCodec.encode(delta(global.length, 1));
            byte[] updateB = WeightsCodec.encode(delta(global.length, 2));

            // 1.5 GB of evaluation body: refused at the 16 KB limit, the connection closed long before the end
            long[] sent = new long[1];
            int evaluationStatus = chunked(a.auth(), "/api/v1/jobs/" + job + "/rounds/1/evaluations/" + a.id(),
                    EVALUATION_BODY, sent);
            assertThat(evaluationStatus).isEqualTo(413);
            assertThat(sent[0]).as("body bytes the coordinator let in").isLessThan(64L << 20);

            // forged weights: over the declared count, over the job's cap, over every cap
            assertRefused(upload(forger, forForger, updateA, 51), 422, "EXAMPLES_OVER_DECLARED");
            assertRefused(upload(forger, forForger, updateA, 101), 422, "EXAMPLES_OVER_CAP");
            assertRefused(upload(forger, forForger, updateA, Long.MAX_VALUE), 422, "EXAMPLES_OVER_CAP");

            // an accepted update, then 200 parallel repeats of it: answered, never stored
            assertThat(upload(a, forA, updateA, 90).statusCode()).isEqualTo(201);
            List<Long> storeBefore = filesAndBytes();
            List<Integer> repeats = repeats(a, forA, updateA, 90);
            assertThat(repeats).hasSize(REPEATS).allSatisfy(s -> assertThat(s).isIn(200, 429)).contains(200);
            assertThat(filesAndBytes()).as("the artifact store did not grow").isEqualTo(storeBefore);

            // a revoked device: 401 everywhere, and the registry says so
            assertThat(send(admin, "POST", "/api/v1/clients/" + revoked.id() + "/revoke", "{}", Map.of()).statusCode())
                    .isEqualTo(200);
            assertThat(send(revoked.auth(), "POST", "/api/v1/clients/" + revoked.id() + "/check-in?wait=0",
                    WireJson.write(new CheckInRequest(2, 40, "linux-x86_64", "test")), Map.of()).statusCode()).isEqualTo(401);
            assertThat(upload(revoked, forRevoked, updateB, 40).statusCode()).isEqualTo(401);
            assertThat(send(revoked.auth(), "GET", "/api/v1/artifacts/" + forRevoked.path("planSha256").asString(), null,
                    Map.of()).statusCode()).isEqualTo(401);
            assertThat(send(revoked.auth(), "POST", "/api/v1/jobs/" + job + "/rounds/1/evaluations/" + revoked.id(),
                    "{\"examples\":1,\"loss\":0.5,\"accuracy\":0.5}", Map.of()).statusCode()).isEqualTo(401);
            JsonNode registry = WireJson.mapper().readTree(send(admin, "GET", "/api/v1/clients", null, Map.of()).body());
            assertThat(registry).hasSize(4).allSatisfy(c -> assertThat(c.path("status").asString().equals("REVOKED"))
                    .as(c.toString()).isEqualTo(c.path("id").asString().equals(revoked.id())));

            // the honest second update completes the round: the model is exactly the honest FedAvg
            assertThat(upload(b, forB, updateB, 60).statusCode()).isEqualTo(201);
            JsonNode done = Federations.awaitTerminal(api, job, List.of(federation.coordinator()), Duration.ofSeconds(30));
            assertThat(done.path("state").asString()).as(done.toString()).isEqualTo("COMPLETED");
            float[] model = WeightsCodec.decode(send(admin, "GET", "/api/v1/jobs/" + job + "/model?round=1&format=raw",
                    null, Map.of()).body());
            float[] dA = WeightsCodec.decode(updateA);
            float[] dB = WeightsCodec.decode(updateB);
            for (int i = 0; i < model.length; i++) {
                double expected = global[i] + (90.0 * dA[i] + 60.0 * dB[i]) / 150.0;
                assertThat((double) model[i]).as("parameter %d", i).isCloseTo(expected, within(1e-6));
            }
            List<String> reasons = new ArrayList<>();
            api.round(job, 1).path("rejections").forEach(r -> reasons.add(r.path("clientId").asString() + " "
                    + r.path("reason").asString()));
            assertThat(reasons).contains(forger.id() + " EXAMPLES_OVER_DECLARED", forger.id() + " EXAMPLES_OVER_CAP");

            long peak = federation.coordinator().peakRssBytes();
            System.out.printf("HostileDevicesIT: coordinator VmHWM %d MB over the suite; evaluation body cut off after"
                            + " %d KB sent; %d answers, none 5xx; %.1f s%n", peak >> 20, sent[0] >> 10, seen.size(),
                    (System.nanoTime() - started) / 1e9);
            assertThat(peak).as("VmHWM read").isPositive();
            assertThat(peak >> 20).as("coordinator peak RSS in MB").isLessThan(RSS_BOUND_MB);
            assertThat(seen).as("every answer of the suite").noneMatch(s -> s.startsWith("5"));
            assertThat(Files.readString(federation.coordinator().log())).doesNotContain("OutOfMemoryError");
        }
    }

    /** A device's identity from its enrolment. */
    private record Device(String id, String auth) {
    }

    private Device enrol(String token, String name) throws Exception {
        HttpResponse<byte[]> r = send(token, "POST", "/api/v1/clients/enrol",
                WireJson.write(new EnrolRequest(name, 2, "linux-x86_64", 100)), Map.of());
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode json = WireJson.mapper().readTree(r.body());
        String id = json.path("clientId").asString();
        String basic = Base64.getEncoder().encodeToString((id + ":" + json.path("secret").asString())
                .getBytes(StandardCharsets.UTF_8));
        return new Device(id, "Basic " + basic);
    }

    /** Checks in declaring {@code examples}; the assignment (the cohort of four fills at the fourth). */
    private JsonNode checkIn(Device d, long examples) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < end) {
            HttpResponse<byte[]> r = send(d.auth(), "POST", "/api/v1/clients/" + d.id() + "/check-in?wait=1",
                    WireJson.write(new CheckInRequest(2, examples, "linux-x86_64", "test")), Map.of());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode assignment = WireJson.mapper().readTree(r.body()).path("assignment");
            if (!assignment.isMissingNode() && !assignment.isNull()) {
                return assignment;
            }
        }
        throw new AssertionError(d.id() + " got no assignment in 20 s");
    }

    private HttpResponse<byte[]> upload(Device d, JsonNode assignment, byte[] body, long examples) throws Exception {
        return send(d.auth(), "PUT", assignment.path("uploadPath").asString(), body, Map.of("Flotilla-Metrics",
                metrics(examples), "Content-Type", "application/octet-stream"));
    }

    private List<Integer> repeats(Device d, JsonNode assignment, byte[] body, long examples) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < REPEATS; i++) {
                Map<String, String> headers = new LinkedHashMap<>(Map.of("Flotilla-Metrics", metrics(examples),
                        "Content-Type", "application/octet-stream"));
                if (i % 2 == 0) {
                    headers.put("Flotilla-Sha256", sha);   // half answered from the declared hash, half hashed as read
                }
                futures.add(pool.submit(() -> send(d.auth(), "PUT", assignment.path("uploadPath").asString(), body,
                        headers).statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : futures) {
                statuses.add(f.get());
            }
            return statuses;
        }
    }

    private static String metrics(long examples) {
        return "{\"examples\":" + examples + ",\"trainLoss\":0.5,\"trainAccuracy\":0.8,\"heldOutLoss\":null,"
                + "\"heldOutAccuracy\":null,\"wallSeconds\":1.0,\"trainSeconds\":0.9,\"samplesPerSecond\":100.0,"
                + "\"workers\":1,\"threadLevelParallelism\":1.0,\"extra\":{}}";
    }

    private static float[] delta(int n, long seed) {
        Random random = new Random(seed);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) {
            d[i] = (float) (random.nextGaussian() * 0.01);
        }
        return d;
    }

    private static void assertRefused(HttpResponse<byte[]> r, int status, String reason) throws IOException {
        String body = new String(r.body(), StandardCharsets.UTF_8);
        assertThat(r.statusCode()).as(body).isEqualTo(status);
        assertThat(WireJson.mapper().readTree(body).path("reason").asString()).isEqualTo(reason);
    }

    private HttpResponse<byte[]> send(String authorization, String method, String path, Object body,
                                      Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : body instanceof byte[] bytes ? HttpRequest.BodyPublishers.ofByteArray(bytes)
                : HttpRequest.BodyPublishers.ofString((String) body);
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).method(method, publisher);
        if (body instanceof String) {
            r.header("Content-Type", "application/json");
        }
        headers.forEach(r::header);
        HttpResponse<byte[]> answer = http.send(r.build(), HttpResponse.BodyHandlers.ofByteArray());
        seen.add(answer.statusCode() + " " + method + " " + path);
        return answer;
    }

    /**
     * POSTs a chunked body of {@code length} spaces over a plain socket, writing until the
     * coordinator answers or closes; the answer's status ({@code sent[0]}: the bytes written).
     */
    private int chunked(String authorization, String path, long length, long[] sent) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nAuthorization: "
                    + authorization + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            InputStream in = socket.getInputStream();
            CompletableFuture<String> statusLine = CompletableFuture.supplyAsync(() -> {
                try {
                    return new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
                } catch (IOException e) {
                    return "";
                }
            });
            byte[] chunk = new byte[1 << 16];
            java.util.Arrays.fill(chunk, (byte) ' ');
            byte[] header = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            try {
                while (sent[0] < length && !statusLine.isDone()) {
                    out.write(header);
                    out.write(chunk);
                    out.write('\r');
                    out.write('\n');
                    sent[0] += chunk.length;
                }
            } catch (IOException closed) {
                // the coordinator answered and closed the connection
            }
            String line = statusLine.get(60, TimeUnit.SECONDS);
            int status = line.length() == 12 ? Integer.parseInt(line.substring(9, 12)) : -1;
            seen.add(status + " POST " + path + " (chunked " + sent[0] + " bytes)");
            return status;
        }
    }

    /** The artifact files (updates, plans, weights, temporary files) and their bytes. */
    private List<Long> filesAndBytes() throws IOException {
        Path artifacts = dir.resolve("coordinator/artifacts");
        try (Stream<Path> files = Files.walk(artifacts)) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            return List.of((long) regular.size(), regular.stream().mapToLong(p -> p.toFile().length()).sum());
        }
    }
}
