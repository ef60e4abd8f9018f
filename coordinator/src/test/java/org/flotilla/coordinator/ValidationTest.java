package org.flotilla.coordinator;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Every refusal answers problem+json with the right status, naming what was wrong. */
@TestPropertySource(properties = "flotilla.upload.max-bytes=1KB")
class ValidationTest extends IntegrationTest {

    // One open round shared by the tests (the context, and so the round, lives for the whole class).
    private static TestEdgeClient a;
    private static TestEdgeClient b;
    private static TestEdgeClient outsider;
    private static long job;
    private static Assignment forA;
    private static TestEdgeClient.Trained trainedA;

    @BeforeEach
    void openARound() {
        if (a != null) {
            return;
        }
        a = enrol("a", Blobs.sample(80, 41));
        b = enrol("b", Blobs.sample(80, 42));
        outsider = enrol("outsider", Blobs.sample(80, 43));
        job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 2, "minClients", 1));
        forA = a.awaitAssignment(Duration.ofSeconds(5));
        b.awaitAssignment(Duration.ofSeconds(5));
        trainedA = a.train(forA);
    }

    @Test
    void missingOrWrongCredentialsAre401() {
        assertProblem(Http.send(Http.request(base(), "/api/v1/jobs", null).GET().build()), 401, "unauthenticated");
        assertProblem(Http.send(Http.request(base(), "/api/v1/jobs", Http.bearer("nope")).GET().build()), 401, "unauthenticated");
        HttpResponse<String> wrongSecret = Http.send(Http.request(base(), "/api/v1/clients/" + a.id() + "/check-in",
                Http.basic(a.id(), "wrong")).header("Content-Type", "application/json").POST(Http.json("{}")).build());
        assertProblem(wrongSecret, 401, "unauthenticated");
        assertThat(wrongSecret.headers().firstValue("WWW-Authenticate")).hasValue("Basic realm=\"flotilla\"");
        assertProblem(Http.send(Http.request(base(), "/api/v1/clients/enrol", a.authorization())
                .header("Content-Type", "application/json").POST(Http.json("{}")).build()), 403, "forbidden");
        assertThat(Http.send(Http.request(base(), "/actuator/health", null).GET().build()).statusCode()).isEqualTo(200);
        HttpResponse<String> dashboard = Http.send(Http.request(base(), "/", null).GET().build());
        assertThat(dashboard.statusCode()).isEqualTo(200);
        assertThat(dashboard.body()).contains("<title>Flotilla coordinator</title>");
        assertProblem(Http.send(Http.request(base(), "/actuator/prometheus", null).GET().build()), 401, "unauthenticated");
    }

    @Test
    void aClientActingForAnotherClientIs403() {
        assertProblem(a.checkInRaw(b.id(), 0), 403, "forbidden");
        assertProblem(a.upload("/api/v1/jobs/" + job + "/rounds/1/updates/" + b.id(), trainedA.encoded(),
                WireJson.write(trainedA.metrics())), 403, "forbidden");
        assertProblem(Http.send(Http.request(base(), "/api/v1/jobs", a.authorization()).GET().build()), 403, "forbidden");
    }

    @Test
    void aClientThatWasNotAssignedIs403() {
        JsonNode p = assertProblem(outsider.upload("/api/v1/jobs/" + job + "/rounds/1/updates/" + outsider.id(),
                trainedA.encoded(), WireJson.write(trainedA.metrics())), 403, "not-assigned");
        assertThat(p.get("reason").asString()).isEqualTo("NOT_ASSIGNED");
    }

    @Test
    void artifactNamesAreCheckedAndUnknownThingsAre404() {
        JsonNode p = assertProblem(a.get("/api/v1/artifacts/not-a-hash"), 400, "malformed-hash");
        assertThat(p.get("field").asString()).isEqualTo("sha256");
        assertThat(p.get("limit").asString()).isEqualTo("64 lowercase hex digits");
        assertProblem(a.get("/api/v1/artifacts/" + forA.planSha256().toUpperCase()), 400, "malformed-hash");
        assertProblem(a.get("/api/v1/artifacts/" + "0".repeat(64)), 404, "not-found");
        assertProblem(admin().getBytes("/api/v1/jobs/9999"), 404, "not-found");
        String request = admin().job(job).get("requestSha256").asString();
        assertProblem(a.get("/api/v1/artifacts/" + request), 404, "not-found"); // operators only
        assertThat(admin().getBytes("/api/v1/artifacts/" + request).statusCode()).isEqualTo(200);
    }

    @Test
    void badUpdatesAre413Or422WithTheCodecsReason() {
        String metrics = WireJson.write(trainedA.metrics());
        JsonNode tooLarge = assertProblem(a.upload(forA.uploadPath(), new byte[2000], metrics), 413, "too-large");
        assertThat(tooLarge.get("reason").asString()).isEqualTo("TOO_LARGE");
        assertThat(tooLarge.get("limit").asString()).isEqualTo("at most 1024 bytes");

        byte[] wrongCount = WeightsCodec.encode(new float[trainedA.delta().length - 1]);
        assertThat(assertProblem(a.upload(forA.uploadPath(), wrongCount, metrics), 422, "invalid-update")
                .get("reason").asString()).isEqualTo("WRONG_ELEMENT_COUNT");

        byte[] corrupted = trainedA.encoded().clone();
        corrupted[WeightsCodec.HEADER_BYTES + 3] ^= 0x40;
        assertThat(assertProblem(a.upload(forA.uploadPath(), corrupted, metrics), 422, "invalid-update")
                .get("reason").asString()).isEqualTo("BAD_CHECKSUM");

        float[] nan = trainedA.delta().clone();
        nan[5] = Float.NaN;
        assertThat(assertProblem(a.upload(forA.uploadPath(), encodeUnchecked(nan), metrics), 422, "invalid-update")
                .get("reason").asString()).isEqualTo("NON_FINITE");

        byte[] truncated = java.util.Arrays.copyOf(trainedA.encoded(), trainedA.encoded().length - 10);
        assertThat(assertProblem(a.upload(forA.uploadPath(), truncated, metrics), 422, "invalid-update")
                .get("reason").asString()).isEqualTo("BAD_LENGTH");
    }

    @Test
    void missingOrInsaneMetricsAre400() {
        JsonNode missing = assertProblem(a.upload(forA.uploadPath(), trainedA.encoded(), null), 400, "invalid-metrics");
        assertThat(missing.get("field").asString()).isEqualTo("Flotilla-Metrics");
        JsonNode partial = assertProblem(a.upload(forA.uploadPath(), trainedA.encoded(), "{\"examples\":10}"), 400,
                "invalid-metrics");
        assertThat(partial.get("field").asString()).startsWith("Flotilla-Metrics");
        var m = trainedA.metrics();
        String zero = WireJson.write(new org.flotilla.model.wire.UpdateMetrics(0, m.trainLoss(), m.trainAccuracy(), null,
                null, m.wallSeconds(), m.trainSeconds(), m.samplesPerSecond(), 1, 1.0, Map.of()));
        JsonNode noExamples = assertProblem(a.upload(forA.uploadPath(), trainedA.encoded(), zero), 400, "invalid-metrics");
        assertThat(noExamples.get("field").asString()).isEqualTo("Flotilla-Metrics.examples");
        assertThat(noExamples.get("limit").asString()).isEqualTo("> 0");
    }

    @Test
    void badJobRequestsAre400NamingTheFieldAndTheLimit() {
        assertBadJob(JobJson.of("rounds", 0), "rounds", ">= 1");
        assertBadJob(JobJson.of("name", ""), "name", "required");
        assertBadJob(JobJson.of("minClients", 5, "clientsPerRound", 2), "minClients", "<= clientsPerRound (2)");
        assertBadJob(JobJson.of("networkConfiguration", "{}"), "model", "exactly one of model, networkConfiguration");
        assertBadJob(JobJson.of("model", Map.of("name", "resnet")), "model.name", "one of [logreg, mlp, cnn]");
        assertBadJob(JobJson.of("optimizer", Map.of("name", "sgd", "learningRate", 0)), "optimizer.learningRate", "> 0.0");
        assertBadJob(JobJson.of("strategy", Map.of("name", "nope")), "strategy.name", null);
        assertBadJob(JobJson.of("numClasses", 1), "numClasses", ">= 2");
        assertBadJob(JobJson.of("selectionTimeoutSeconds", 500, "roundTimeoutSeconds", 100),
                "selectionTimeoutSeconds", "<= roundTimeoutSeconds (100)");
        assertBadJob(JobJson.of("model", null, "networkConfiguration", "{not json"), "networkConfiguration", null);
        assertBadJob(JobJson.of("evaluation", Map.of("path", dataDir.resolve("missing.csv").toString())),
                "evaluation.path", "readable evaluation data");
        assertBadJob(JobJson.of("targetAccuracy", 0.9), "targetAccuracy", "only with an evaluation set");
        assertBadJob(JobJson.of("maxExamplesPerClient", 0), "maxExamplesPerClient", ">= 1");
        assertBadJob(JobJson.of("maxExamplesPerClient", (1L << 40) + 1), "maxExamplesPerClient", "<= 1099511627776");
        assertBadJob(JobJson.of("inputShape", List.of()), "inputShape", "size in [1, 3]");
        assertBadJob(JobJson.of("rounds", "many"), "rounds", "a value of the documented type");
    }

    @Test
    void anEvaluationPathOutsideTheEvaluationRootIsRefusedAlsoThroughDotDotOrASymbolicLink() throws Exception {
        Path root = dataDir.toRealPath();
        Path outside = Files.createTempDirectory("outside-evaluation-root");
        try {
            Path secret = Blobs.writeCsv(Blobs.sample(30, 7), outside.resolve("secret.csv"));
            Path inside = Blobs.writeCsv(Blobs.sample(30, 7), dataDir.resolve("inside.csv"));
            Path link = Files.createSymbolicLink(dataDir.resolve("link.csv"), secret);
            Path linkedFolder = Files.createSymbolicLink(dataDir.resolve("linked"), outside);
            int jobsBefore = admin().get("/api/v1/jobs").size();
            String limit = "a path under " + root + " (flotilla.evaluation.root)";

            for (String path : List.of(secret.toString(), dataDir.resolve("../" + outside.getFileName() + "/secret.csv").toString(),
                    "../" + outside.getFileName() + "/secret.csv", link.toString(), "linked/secret.csv")) {
                JsonNode p = assertProblem(admin().post("/api/v1/jobs", JobJson.of("evaluation", Map.of("path", path))), 400, null);
                assertThat(p.get("field").asString()).as(path).isEqualTo("evaluation.path");
                assertThat(p.get("limit").asString()).as(path).isEqualTo(limit);
                assertThat(p.get("detail").asString()).contains("lies outside " + root);
            }
            assertThat(admin().get("/api/v1/jobs").size()).as("nothing was created").isEqualTo(jobsBefore);
            assertThat(linkedFolder).isSymbolicLink();

            // inside the root, by absolute or relative path
            assertThat(admin().post("/api/v1/jobs", JobJson.of("rounds", 1, "evaluation", Map.of("path", inside.toString())))
                    .statusCode()).isEqualTo(201);
            HttpResponse<String> relative = admin().post("/api/v1/jobs", JobJson.of("rounds", 1, "evaluation", Map.of("path", "inside.csv")));
            assertThat(relative.statusCode()).as(relative.body()).isEqualTo(201);
            for (JsonNode j : admin().get("/api/v1/jobs")) {
                if (j.get("state").asString().equals("RUNNING") && j.get("id").asLong() != job) {
                    admin().post("/api/v1/jobs/" + j.get("id").asLong() + "/cancel", Map.of());
                }
            }
        } finally {
            try (var files = Files.walk(outside)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void secureAggregationIsCheckedAndAValidObjectIsKept() {
        int jobsBefore = admin().get("/api/v1/jobs").size();
        assertBadJob(JobJson.of("secureAggregation", Map.of("quantizationBits", 40)), "secureAggregation.quantizationBits", "1..24");
        assertBadJob(JobJson.of("secureAggregation", Map.of("colour", 1)), "secureAggregation.colour", "absent (unknown field)");
        assertBadJob(JobJson.of("secureAggregation", Map.of(), "strategy", Map.of("name", "krum")), "strategy.name", null);
        assertBadJob(JobJson.of("secureAggregation", Map.of(), "strategy",
                Map.of("name", "fedavg", "normBound", Map.of("maxNorm", 5, "policy", "reject"))), "strategy.normBound.policy", "clip");
        assertThat(admin().get("/api/v1/jobs").size()).isEqualTo(jobsBefore);
        HttpResponse<String> created = admin().post("/api/v1/jobs", JobJson.of("secureAggregation", Map.of("threshold", 2)));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(admin().get("/api/v1/jobs").size()).isEqualTo(jobsBefore + 1);
        // Cancelled at once: its rounds must not take the clients of the other tests of this class.
        long id = org.flotilla.model.json.WireJson.mapper().readTree(created.body()).get("id").asLong();
        assertThat(admin().post("/api/v1/jobs/" + id + "/cancel", Map.of()).statusCode()).isEqualTo(200);
    }

    @Test
    void repeatsAfterTheRoundClosedStillAnswerByContent() {
        // Runs last by name order is not guaranteed, so it uses its own round.
        TestEdgeClient c = enrol("late", Blobs.sample(80, 44));
        long own = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 1, "minClients", 1));
        Assignment assignment = c.awaitAssignment(Duration.ofSeconds(5));
        assertThat(assignment.jobId()).isEqualTo(own);
        TestEdgeClient.Trained t = c.train(assignment);
        assertThat(c.upload(t).statusCode()).isEqualTo(201);
        admin().awaitJob(own, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(c.upload(t).statusCode()).isEqualTo(200);
        float[] other = t.delta().clone();
        other[1] -= 1f;
        assertProblem(c.upload(assignment, WeightsCodec.encode(other), t.metrics()), 409, "update-conflict");
        assertProblem(c.decline(own, 1, "SHUTTING_DOWN", null), 409, "already-reported");
    }

    private void assertBadJob(Map<String, Object> request, String field, String limit) {
        JsonNode p = assertProblem(admin().post("/api/v1/jobs", request), 400, null);
        assertThat(p.get("field").asString()).as(p.toString()).isEqualTo(field);
        if (limit != null) {
            assertThat(p.get("limit").asString()).as(p.toString()).isEqualTo(limit);
        }
        assertThat(p.get("detail").asString()).isNotBlank();
    }

    private static JsonNode assertProblem(HttpResponse<?> response, int status, String type) {
        String body = response.body() instanceof byte[] bytes ? new String(bytes) : String.valueOf(response.body());
        assertThat(response.statusCode()).as(body).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(body)
                .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode p = Http.parse(body);
        assertThat(p.get("status").asInt()).isEqualTo(status);
        assertThat(p.get("title").asString()).isNotBlank();
        assertThat(p.get("detail").asString()).isNotBlank();
        if (type != null) {
            assertThat(p.get("type").asString()).isEqualTo("urn:flotilla:problem:" + type);
        }
        return p;
    }

    /** WeightsCodec refuses to encode NaN, so a malicious or buggy client's bytes are made by hand. */
    private static byte[] encodeUnchecked(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(WeightsCodec.HEADER_BYTES + 4 * values.length + WeightsCodec.TRAILER_BYTES)
                .order(ByteOrder.LITTLE_ENDIAN);
        buf.put(WeightsCodec.MAGIC).putShort((short) 1).put((byte) 1).put((byte) 1).putLong(values.length)
                .putLong(4L * values.length);
        for (float v : values) {
            buf.putFloat(v);
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(buf.array(), 0, buf.position());
            buf.put(sha.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return buf.array();
    }
}
