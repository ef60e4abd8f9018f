package org.flotilla.coordinator;

import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.FedAvgReference;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.network.Networks;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Whole FedAvg rounds over HTTP with clients that really train. */
class FederatedRoundsTest extends IntegrationTest {

    @Test
    void twoFedAvgRoundsGiveTheExampleWeightedMeanOfTheUploadedDeltas() throws Exception {
        List<TestEdgeClient> clients = List.of(enrol("a", Blobs.sample(120, 1)), enrol("b", Blobs.sample(200, 2)),
                enrol("c", Blobs.sample(80, 3)));
        Path eval = Blobs.writeCsv(Blobs.sample(300, 99), dataDir.resolve("eval.csv"));
        long job = admin().createJob(JobJson.of("clientsPerRound", 3, "minClients", 2,
                "evaluation", Map.of("path", eval.toString())));
        float[] global = admin().rawModel(job, 0);

        for (int round = 1; round <= 2; round++) {
            List<TestEdgeClient.Trained> trained = new ArrayList<>();
            for (TestEdgeClient c : clients) {
                Assignment a = c.awaitAssignment(Duration.ofSeconds(10));
                assertThat(a.round()).isEqualTo(round);
                assertThat(a.uploadPath()).isEqualTo("/api/v1/jobs/" + job + "/rounds/" + round + "/updates/" + c.id());
                trained.add(c.train(a));
            }
            assertThat(trained.getFirst().global()).containsExactly(global);
            for (int i = 0; i < clients.size(); i++) {
                HttpResponse<String> r = clients.get(i).upload(trained.get(i));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                if (round == 1 && i == 0) {
                    assertRepeatIsHarmlessAndAChangeIsRefused(clients.getFirst(), trained.getFirst());
                }
            }
            admin().awaitCompletedRounds(job, round);
            float[] expected = FedAvgReference.apply(global, trained);
            float[] actual = admin().rawModel(job, round);
            assertThat(actual).hasSize(expected.length);
            for (int i = 0; i < expected.length; i++) {
                assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-6f));
            }
            global = actual;
        }

        JsonNode done = admin().awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("reason").asString()).isEqualTo("all 2 rounds completed");
        assertThat(done.get("latestTestAccuracy").asDouble()).isGreaterThan(0.5);
        assertRoundRecords(job);
        assertTheZipHoldsTheLatestModel(job, global);
        assertMetricsWereExported();
    }

    private void assertRepeatIsHarmlessAndAChangeIsRefused(TestEdgeClient c, TestEdgeClient.Trained t) {
        HttpResponse<String> again = c.upload(t);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        float[] other = t.delta().clone();
        other[0] += 0.5f;
        HttpResponse<String> changed = c.upload(t.assignment(), WeightsCodec.encode(other), t.metrics());
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
        JsonNode problem = Http.parse(changed.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:flotilla:problem:update-conflict");
        assertThat(problem.get("reason").asString()).isEqualTo("CONFLICT");
    }

    private void assertRoundRecords(long job) {
        JsonNode rounds = admin().rounds(job);
        assertThat(rounds).hasSize(2);
        for (JsonNode r : rounds) {
            assertThat(r.get("state").asString()).isEqualTo("COMPLETED");
            assertThat(r.get("selected").asInt()).isEqualTo(3);
            assertThat(r.get("reported").asInt()).isEqualTo(3);
            assertThat(r.get("newModel").asBoolean()).isTrue();
            JsonNode result = r.get("result");
            assertThat(result.get("trainExamples").asLong()).isEqualTo(400);
            assertThat(result.get("trainLoss").asDouble()).isPositive();
            assertThat(result.get("testExamples").asLong()).isEqualTo(300);
            assertThat(result.get("testAccuracy").asDouble()).isBetween(0.0, 1.0);
            assertThat(r.get("timings").get("selectionSeconds").isNumber()).isTrue();
            assertThat(r.get("timings").get("trainingSeconds").isNumber()).isTrue();
            assertThat(r.get("timings").get("aggregationSeconds").isNumber()).isTrue();
            assertThat(r.get("timings").get("evaluationSeconds").isNumber()).isTrue();
            assertThat(r.get("pendingEvaluation").asBoolean()).isFalse();
        }
        JsonNode detail = admin().round(job, 1);
        JsonNode attempt = detail.get("attempts").get(0);
        assertThat(attempt.get("participants")).hasSize(3).allSatisfy(p -> {
            assertThat(p.get("status").asString()).isEqualTo("REPORTED");
            assertThat(p.get("update").get("metrics").get("threadLevelParallelism").asDouble()).isEqualTo(1.0);
            assertThat(p.get("update").get("metrics").get("samplesPerSecond").asDouble()).isPositive();
        });
        JsonNode provenance = attempt.get("provenance");
        assertThat(provenance.get("strategy").asString()).isEqualTo("fedavg");
        assertThat(provenance.get("participants")).hasSize(3);
        assertThat(provenance.get("jobSeed").asLong()).isEqualTo(42);
        assertThat(detail.get("rejections")).anySatisfy(r -> assertThat(r.get("reason").asString()).isEqualTo("CONFLICT"));
    }

    private void assertTheZipHoldsTheLatestModel(long job, float[] latest) throws Exception {
        HttpResponse<byte[]> zip = admin().getBytes("/api/v1/jobs/" + job + "/model");
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValue("application/zip");
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(new ByteArrayInputStream(zip.body()), false);
        assertThat(Networks.parameters(restored)).containsExactly(latest);
    }

    private void assertMetricsWereExported() {
        // Other tests of this class share the coordinator, so the counters are at least this test's share.
        String prometheus = admin().getRaw("/actuator/prometheus").body();
        assertThat(metric(prometheus, "flotilla_rounds_completed_total")).isGreaterThanOrEqualTo(2);
        assertThat(metric(prometheus, "flotilla_updates_accepted_total")).isGreaterThanOrEqualTo(6);
        assertThat(metric(prometheus, "flotilla_updates_rejected_total{reason=\"conflict\"}")).isGreaterThanOrEqualTo(1);
        assertThat(metric(prometheus, "flotilla_aggregation_seconds_count")).isGreaterThanOrEqualTo(2);
        assertThat(metric(prometheus, "flotilla_bytes_received_bytes_total")).isGreaterThan(0);
    }

    static double metric(String prometheus, String series) {
        return prometheus.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
                .orElseThrow(() -> new AssertionError(series + " is not exported"));
    }

    @Test
    void artifactsAreServedByHashAndAreCacheableForever() {
        TestEdgeClient c = enrol("cache", Blobs.sample(50, 4));
        long job = admin().createJob(JobJson.of("clientsPerRound", 1, "minClients", 1, "rounds", 1));
        Assignment a = c.awaitAssignment(Duration.ofSeconds(10));
        HttpResponse<byte[]> plan = c.get("/api/v1/artifacts/" + a.planSha256());
        assertThat(plan.statusCode()).isEqualTo(200);
        assertThat(plan.headers().firstValue("ETag")).hasValue("\"" + a.planSha256() + "\"");
        assertThat(plan.headers().firstValue("Cache-Control")).hasValueSatisfying(v ->
                assertThat(v).contains("private").contains("max-age=31536000").contains("immutable"));
        HttpResponse<byte[]> again = c.get("/api/v1/artifacts/" + a.planSha256(), "If-None-Match", "\"" + a.planSha256() + "\"");
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        // Finish the job so that it does not hold this client.
        assertThat(c.upload(c.train(a)).statusCode()).isEqualTo(201);
        admin().awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
    }

    @Test
    void theNormBoundsClipPolicyAsksClientsToClipByTheProtocolsClipNormSetting() {
        TestEdgeClient c = enrol("clipper", Blobs.sample(40, 5));
        long job = admin().createJob(JobJson.of("clientsPerRound", 1, "minClients", 1, "rounds", 1,
                "strategy", Map.of("name", "fedprox", "mu", 0.01, "normBound", Map.of("maxNorm", 10, "policy", "clip"))));
        Assignment a = c.awaitAssignment(Duration.ofSeconds(10));
        assertThat(a.settings()).containsOnly(Map.entry("fedproxMu", 0.01), Map.entry("clipNorm", 10.0));
        assertThat(c.upload(c.train(a)).statusCode()).isEqualTo(201);
        admin().awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
    }

    @Test
    void aJobStopsEarlyOnceItsTargetAccuracyIsReached() {
        List<TestEdgeClient> clients = List.of(enrol("t1", Blobs.sample(150, 11)), enrol("t2", Blobs.sample(150, 12)));
        Path eval = Blobs.writeCsv(Blobs.sample(200, 98), dataDir.resolve("target-eval.csv"));
        long job = admin().createJob(JobJson.of("rounds", 20, "targetAccuracy", 0.6,
                "evaluation", Map.of("path", eval.toString())));
        for (int round = 1; round <= 20 && admin().job(job).get("state").asString().equals("RUNNING"); round++) {
            for (TestEdgeClient c : clients) {
                var r = c.checkIn(3);
                if (r.assignment() != null) {
                    assertThat(c.upload(c.train(r.assignment())).statusCode()).isEqualTo(201);
                }
            }
            admin().awaitJob(job, Duration.ofSeconds(20), j -> !j.get("state").asString().equals("RUNNING")
                    || admin().rounds(job).get(admin().rounds(job).size() - 1).get("state").asString().equals("SELECTION"));
        }
        JsonNode done = admin().awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("completedRounds").asInt()).isLessThan(20);
        assertThat(done.get("latestTestAccuracy").asDouble()).isGreaterThanOrEqualTo(0.6);
        assertThat(done.get("reason").asString()).startsWith("target accuracy 0.6 reached after round");
    }

    @Test
    void concurrentCheckInsFillTheOverSelectedCohortExactlyAndCancellingClosesTheRound() throws Exception {
        List<TestEdgeClient> clients = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            clients.add(enrol("crowd-" + i, Blobs.sample(30, 60 + i)));
        }
        long job = admin().createJob(JobJson.of("clientsPerRound", 4, "minClients", 2, "overSelection", 1.3));
        List<java.util.concurrent.Future<org.flotilla.model.wire.CheckInResponse>> answers = new ArrayList<>();
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            for (TestEdgeClient c : clients) {
                answers.add(pool.submit(() -> c.checkIn(1)));
            }
        }
        long assigned = 0;
        for (var answer : answers) {
            var r = answer.get();
            if (r.assignment() != null) {
                assertThat(r.assignment().jobId()).isEqualTo(job);
                assigned++;
            } else {
                assertThat(r.retryAfterSeconds()).isEqualTo(1);
            }
        }
        assertThat(assigned).as("ceil(4 x 1.3)").isEqualTo(6);
        JsonNode round = admin().rounds(job).get(0);
        assertThat(round.get("state").asString()).isEqualTo("TRAINING");
        assertThat(round.get("selected").asInt()).isEqualTo(6);

        HttpResponse<String> cancelled = admin().post("/api/v1/jobs/" + job + "/cancel", "");
        assertThat(cancelled.statusCode()).isEqualTo(200);
        assertThat(Http.parse(cancelled.body()).get("state").asString()).isEqualTo("CANCELLED");
        JsonNode closed = admin().rounds(job).get(0);
        assertThat(closed.get("state").asString()).isEqualTo("FAILED");
        assertThat(closed.get("outcome").asString()).isEqualTo("job cancelled by an operator");
        assertThat(closed.get("dropped").asInt()).isEqualTo(6);
        assertThat(admin().post("/api/v1/jobs/" + job + "/cancel", "").statusCode()).isEqualTo(409);
        assertThat(clients.getFirst().checkIn(0).assignment()).isNull();
    }
}
