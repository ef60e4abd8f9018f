package org.flotilla.operator.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.operator.api.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge client for tests that speaks docs/protocol.md over real HTTP, one step at a time so a
 * test decides when each round's updates arrive: enrol, check in, fetch plan and weights (hashes
 * verified), train the plan with DL4J on its own data, upload the delta with its metrics,
 * evaluate on a held-out split, decline. Messages are JSON trees, so it depends only on the
 * protocol's JSON, not on the coordinator's classes.
 */
public final class ProtocolClient {

    private final URI base;
    private final String id;
    private final String secret;
    private final LabeledDataset data;
    private final int cores;

    private ProtocolClient(URI base, String id, String secret, LabeledDataset data, int cores) {
        this.base = base;
        this.id = id;
        this.secret = secret;
        this.data = data;
        this.cores = cores;
    }

    static ProtocolClient enrol(URI base, String enrolmentToken, String name, LabeledDataset data) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("name", name).put("cores", 4)
                .put("platform", "linux-x86_64").put("examples", data.size());
        HttpResponse<String> r = Http.send(Http.request(base, "/api/v1/clients/enrol", Http.bearer(enrolmentToken))
                .header("Content-Type", "application/json").POST(Http.json(body)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode e = Http.parse(r.body());
        return new ProtocolClient(base, e.get("clientId").asString(), e.get("secret").asString(), data, 4);
    }

    public String id() {
        return id;
    }

    private String authorization() {
        return Http.basic(id, secret);
    }

    /** One check-in; the assignment or null. */
    public JsonNode checkIn(int waitSeconds) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("cores", cores).put("examples", data.size())
                .put("platform", "linux-x86_64").put("clientVersion", "0.1.0-test");
        HttpResponse<String> r = Http.send(Http.request(base, "/api/v1/clients/" + id + "/check-in?wait=" + waitSeconds,
                authorization()).header("Content-Type", "application/json").POST(Http.json(body)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode a = Http.parse(r.body()).get("assignment");
        return a == null || a.isNull() ? null : a;
    }

    /** Checks in until an assignment comes, or fails after {@code max}. */
    public JsonNode awaitAssignment(Duration max) {
        Instant end = Instant.now().plus(max);
        while (Instant.now().isBefore(end)) {
            JsonNode a = checkIn(1);
            if (a != null) {
                return a;
            }
        }
        throw new AssertionError(id + " got no assignment within " + max);
    }

    private byte[] fetch(String sha256) {
        HttpResponse<byte[]> r = Http.sendBytes(Http.request(base, "/api/v1/artifacts/" + sha256, authorization()).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Sha256.of(r.body())).isEqualTo(sha256);
        return r.body();
    }

    /** Trains the assignment's plan from its global weights on this client's data. */
    public Trained train(JsonNode assignment) {
        assertThat(assignment.get("task").asString()).isEqualTo("TRAIN");
        long t0 = System.nanoTime();
        TrainingPlan plan = TrainingPlans.fromJson(fetch(assignment.get("planSha256").asString()));
        float[] global = WeightsCodec.decode(fetch(assignment.get("weightsSha256").asString()));
        MultiLayerNetwork network = Networks.build(plan);
        try {
            Networks.setParameters(network, global);
            long t1 = System.nanoTime();
            network.fit(new LabeledDataSetIterator(data, plan.batchSize(), plan.seed()), plan.localEpochs());
            double trainSeconds = (System.nanoTime() - t1) / 1e9;
            float[] delta = Networks.delta(Networks.parameters(network), global);
            EvaluationResult fit = Evaluator.evaluate(network,
                    LabeledDataSetIterator.builder(data).batchSize(256).shuffle(false).build());
            ObjectNode metrics = Json.MAPPER.createObjectNode()
                    .put("examples", data.size()).put("trainLoss", fit.loss()).put("trainAccuracy", fit.accuracy())
                    .putNull("heldOutLoss").putNull("heldOutAccuracy")
                    .put("wallSeconds", (System.nanoTime() - t0) / 1e9).put("trainSeconds", trainSeconds)
                    .put("samplesPerSecond", data.size() * plan.localEpochs() / Math.max(trainSeconds, 1e-6))
                    .put("workers", 1).put("threadLevelParallelism", 1.0);
            metrics.putObject("extra");
            return new Trained(assignment, WeightsCodec.encode(delta), metrics);
        } finally {
            network.close();
        }
    }

    /** Uploads a trained update to its assignment's path. */
    public HttpResponse<String> upload(Trained t) {
        return upload(t.assignment().get("uploadPath").asString(), t.encoded(), Json.compact(t.metrics()));
    }

    /** A raw upload: any path, any body, any metrics header. */
    public HttpResponse<String> upload(String path, byte[] body, String metricsJson) {
        return Http.send(Http.request(base, path, authorization()).header("Content-Type", "application/octet-stream")
                .header("Flotilla-Metrics", metricsJson).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** Trains and uploads, expecting 201. */
    public void trainAndUpload(JsonNode assignment) {
        HttpResponse<String> r = upload(train(assignment));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Declines the assignment. */
    public HttpResponse<String> decline(JsonNode assignment, String reason, String detail) {
        String path = "/api/v1/jobs/" + assignment.get("jobId").asLong() + "/rounds/" + assignment.get("round").asInt()
                + "/declines/" + id;
        ObjectNode body = Json.MAPPER.createObjectNode().put("reason", reason).put("detail", detail);
        return Http.send(Http.request(base, path, authorization()).header("Content-Type", "application/json")
                .POST(Http.json(body)).build());
    }

    /** Answers an EVALUATE assignment from {@code heldOut}, expecting 201. */
    public void evaluateAndReport(JsonNode assignment, LabeledDataset heldOut) {
        assertThat(assignment.get("task").asString()).isEqualTo("EVALUATE");
        TrainingPlan plan = TrainingPlans.fromJson(fetch(assignment.get("planSha256").asString()));
        MultiLayerNetwork network = Networks.build(plan);
        EvaluationResult r;
        try {
            Networks.setParameters(network, WeightsCodec.decode(fetch(assignment.get("weightsSha256").asString())));
            r = Evaluator.evaluate(network, LabeledDataSetIterator.builder(heldOut).batchSize(256).shuffle(false).build());
        } finally {
            network.close();
        }
        ObjectNode body = Json.MAPPER.createObjectNode().put("examples", r.examples()).put("loss", r.loss())
                .put("accuracy", r.accuracy());
        HttpResponse<String> resp = report(assignment.get("uploadPath").asString(), Json.compact(body));
        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(201);
    }

    /** A raw evaluation result post. */
    public HttpResponse<String> report(String path, String json) {
        return Http.send(Http.request(base, path, authorization()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /**
     * A finished local training.
     *
     * @param assignment what was trained
     * @param encoded    the delta in WeightsCodec format
     * @param metrics    the {@code Flotilla-Metrics} header
     */
    public record Trained(JsonNode assignment, byte[] encoded, ObjectNode metrics) {
    }
}
