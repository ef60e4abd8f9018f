package org.flotilla.coordinator.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.FedAvgReference;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.flotilla.model.protocol.ProtocolPaths;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Hostile devices, part two: uploads. One round of three assigned clients that wants two updates:
 * a forger claims more examples than it declared at check-in, then more than the job's
 * {@code maxExamplesPerClient} and the coordinator's cap (422 each, in the round detail); an honest client's upload is held open while a second upload of the same
 * client is tried (429 + {@code Retry-After}); the accepted update is repeated 200 times in
 * parallel (200 or 429, never stored: the data directory does not grow); an outsider's refusals
 * write no row. The round's global model is exactly the two honest clients' FedAvg.
 */
class UploadAcceptanceTest extends IntegrationTest {

    @Test
    void forgedWeightsParallelRepeatsAndOutsidersCannotHurtTheRound() throws Exception {
        TestEdgeClient honestA = enrol("honest-a", Blobs.sample(90, 11));
        TestEdgeClient honestB = enrol("honest-b", Blobs.sample(60, 12));
        TestEdgeClient forger = enrol("forger", Blobs.sample(50, 13));
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 2, "minClients", 2, "overSelection", 1.5,
                "maxExamplesPerClient", 95));
        assertThat(admin().get("/api/v1/jobs/" + job).get("maxExamplesPerClient").asLong()).isEqualTo(95);
        TestEdgeClient.Trained a = honestA.train(honestA.awaitAssignment(Duration.ofSeconds(10)));
        TestEdgeClient.Trained b = honestB.train(honestB.awaitAssignment(Duration.ofSeconds(10)));
        TestEdgeClient.Trained f = forger.train(forger.awaitAssignment(Duration.ofSeconds(10)));
        TestEdgeClient outsider = enrol("outsider", Blobs.sample(40, 14)); // the cohort is full: never assigned

        HttpResponse<String> overDeclared = forger.upload(f.assignment().uploadPath(), f.encoded(), withExamples(f, 51));
        HttpResponse<String> overJobCap = forger.upload(f.assignment().uploadPath(), f.encoded(), withExamples(f, 96));
        HttpResponse<String> overCap = forger.upload(f.assignment().uploadPath(), f.encoded(), withExamples(f, Long.MAX_VALUE));
        assertThat(overDeclared.statusCode()).as(overDeclared.body()).isEqualTo(422);
        assertThat(Http.parse(overDeclared.body()).get("reason").asString()).isEqualTo("EXAMPLES_OVER_DECLARED");
        assertThat(Http.parse(overDeclared.body()).get("limit").asString()).isEqualTo("at most 50");
        assertThat(overJobCap.statusCode()).as(overJobCap.body()).isEqualTo(422);
        assertThat(Http.parse(overJobCap.body()).get("reason").asString()).isEqualTo("EXAMPLES_OVER_CAP");
        assertThat(Http.parse(overJobCap.body()).get("limit").asString()).isEqualTo("at most 95");
        assertThat(Http.parse(overJobCap.body()).get("detail").asString()).contains("maxExamplesPerClient");
        assertThat(overCap.statusCode()).isEqualTo(422);
        assertThat(Http.parse(overCap.body()).get("reason").asString()).isEqualTo("EXAMPLES_OVER_CAP");

        try (HeldUpload held = HeldUpload.start(port, honestA.authorization(), a)) {
            HttpResponse<String> second = honestA.upload(a);
            assertThat(second.statusCode()).as(second.body()).isEqualTo(429);
            assertThat(Http.parse(second.body()).get("reason").asString()).isEqualTo("UPLOAD_IN_PROGRESS");
            assertThat(second.headers().firstValue(ProtocolHeaders.RETRY_AFTER)).isPresent();
            assertThat(held.finish()).isEqualTo(201);
        }

        List<Long> before = filesAndBytes(dataDir);
        List<Integer> statuses = parallelRepeats(honestA, a, 200);
        assertThat(statuses).hasSize(200).allSatisfy(s -> assertThat(s).isIn(200, 429));
        assertThat(statuses).contains(200);
        assertThat(filesAndBytes(dataDir)).isEqualTo(before);

        assertThat(outsider.upload(a.assignment().uploadPath().replace(honestA.id(), outsider.id()), a.encoded(),
                WireJson.write(a.metrics())).statusCode()).isEqualTo(403);
        assertThat(outsider.upload(ProtocolPaths.update(job + 1000, 1, outsider.id()), a.encoded(),
                WireJson.write(a.metrics())).statusCode()).isEqualTo(403);

        assertThat(honestB.upload(b).statusCode()).isEqualTo(201);
        admin().awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
        float[] expected = FedAvgReference.apply(a.global(), List.of(a, b));
        float[] actual = admin().rawModel(job, 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-6f));
        }
        JsonNode rejections = admin().round(job, 1).get("rejections");
        List<String> reasons = new ArrayList<>();
        rejections.forEach(r -> reasons.add(r.get("clientId").asString() + " " + r.get("reason").asString()));
        assertThat(reasons).contains(forger.id() + " EXAMPLES_OVER_DECLARED", forger.id() + " EXAMPLES_OVER_CAP")
                .noneMatch(r -> r.startsWith(outsider.id()));
    }

    private static String withExamples(TestEdgeClient.Trained t, long examples) {
        return WireJson.write(t.metrics()).replaceFirst("\"examples\":\\d+", "\"examples\":" + examples);
    }

    /** {@code n} repeats at once, half declaring the body's hash (answered unread), half not (hashed, not stored). */
    private List<Integer> parallelRepeats(TestEdgeClient device, TestEdgeClient.Trained t, int n) throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(t.encoded()));
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                boolean declare = i % 2 == 0;
                answers.add(pool.submit(() -> {
                    HttpRequest.Builder r = Http.request(base(), t.assignment().uploadPath(), device.authorization())
                            .header("Content-Type", "application/octet-stream")
                            .header(ProtocolHeaders.METRICS, WireJson.write(t.metrics()))
                            .PUT(HttpRequest.BodyPublishers.ofByteArray(t.encoded()));
                    if (declare) {
                        r.header(ProtocolHeaders.CONTENT_SHA256, sha);
                    }
                    return Http.send(r.build()).statusCode();
                }));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : answers) {
                statuses.add(f.get());
            }
            return statuses;
        }
    }

    /** The artifact files (updates, plans, weights, temporary files) and their bytes. */
    private static List<Long> filesAndBytes(Path dataDir) throws IOException {
        try (Stream<Path> files = Files.walk(dataDir.resolve("artifacts"))) {
            List<Path> regular = files.filter(Files::isRegularFile).toList();
            return List.of((long) regular.size(), regular.stream().mapToLong(p -> p.toFile().length()).sum());
        }
    }

    /** An upload whose body is sent all but its last byte, then held until {@link #finish}. */
    private record HeldUpload(Socket socket, byte[] last) implements AutoCloseable {

        static HeldUpload start(int port, String authorization, TestEdgeClient.Trained t) throws Exception {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(20_000);
            byte[] body = t.encoded();
            String head = "PUT " + t.assignment().uploadPath() + " HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
                    + "Authorization: " + authorization + "\r\nContent-Type: application/octet-stream\r\n"
                    + ProtocolHeaders.METRICS + ": " + WireJson.write(t.metrics()) + "\r\nContent-Length: " + body.length
                    + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body, 0, body.length - 1);
            out.flush();
            // The coordinator takes the slot as soon as the headers are in; nothing to poll for that.
            Thread.sleep(300);
            return new HeldUpload(socket, new byte[] {body[body.length - 1]});
        }

        int finish() throws IOException {
            socket.getOutputStream().write(last);
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            String statusLine = new String(in.readNBytes(12), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

}
