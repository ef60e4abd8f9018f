package org.flotilla.coordinator.support;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.CheckInRequest;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.DeclineRequest;
import org.flotilla.model.wire.EnrolRequest;
import org.flotilla.model.wire.EnrolResponse;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import org.flotilla.model.wire.UpdateMetrics;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A minimal edge client written for the coordinator's tests, speaking docs/protocol.md over real
 * HTTP: enrol, check in, fetch plan and weights by hash (verified), train the plan with DL4J on its
 * own generated data, upload the delta with metrics, evaluate the global weights on its held-out
 * data and report the result, decline.
 */
public final class TestEdgeClient {

    private final URI base;
    private final String id;
    private final String secret;
    private final LabeledDataset data;
    private final LabeledDataset heldOut;

    private TestEdgeClient(URI base, String id, String secret, LabeledDataset data, LabeledDataset heldOut) {
        this.base = base;
        this.id = id;
        this.secret = secret;
        this.data = data;
        this.heldOut = heldOut;
    }

    /** Enrols with the enrolment token. */
    public static TestEdgeClient enrol(URI base, String enrolmentToken, String name, LabeledDataset data) {
        HttpResponse<String> r = Http.send(Http.request(base, "/api/v1/clients/enrol", Http.bearer(enrolmentToken))
                .header("Content-Type", "application/json")
                .POST(Http.json(new EnrolRequest(name, 2, "linux-x86_64", data.size()))).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        EnrolResponse e = WireJson.read(r.body(), EnrolResponse.class);
        return new TestEdgeClient(base, e.clientId(), e.secret(), data, null);
    }

    /** The same identity, talking to another coordinator address (e.g. after a restart). */
    public TestEdgeClient at(URI newBase) {
        return new TestEdgeClient(newBase, id, secret, data, heldOut);
    }

    /** The same identity with a local held-out split to answer EVALUATE assignments from. */
    public TestEdgeClient withHeldOut(LabeledDataset split) {
        return new TestEdgeClient(base, id, secret, data, split);
    }

    public String id() {
        return id;
    }

    public String authorization() {
        return Http.basic(id, secret);
    }

    public LabeledDataset data() {
        return data;
    }

    /** The local held-out split EVALUATE assignments are answered from, or null. */
    public LabeledDataset heldOut() {
        return heldOut;
    }

    /** One check-in as {@code asClient} (normally itself). */
    public HttpResponse<String> checkInRaw(String asClient, int waitSeconds) {
        return Http.send(Http.request(base, "/api/v1/clients/" + asClient + "/check-in?wait=" + waitSeconds, authorization())
                .header("Content-Type", "application/json")
                .POST(Http.json(new CheckInRequest(2, data.size(), "linux-x86_64", "test"))).build());
    }

    public CheckInResponse checkIn(int waitSeconds) {
        HttpResponse<String> r = checkInRaw(id, waitSeconds);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return WireJson.read(r.body(), CheckInResponse.class);
    }

    /** Checks in until an assignment comes, or fails after {@code max}. */
    public Assignment awaitAssignment(Duration max) {
        Instant end = Instant.now().plus(max);
        while (Instant.now().isBefore(end)) {
            CheckInResponse r = checkIn(2);
            if (r.assignment() != null) {
                return r.assignment();
            }
            assertThat(r.retryAfterSeconds()).isPositive();
        }
        throw new AssertionError(id + " got no assignment within " + max);
    }

    public HttpResponse<byte[]> get(String path, String... headers) {
        HttpRequest.Builder b = Http.request(base, path, authorization());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return Http.sendBytes(b.GET().build());
    }

    /** Fetches an artifact and verifies its hash, as a real client must. */
    public byte[] fetch(String sha256) {
        HttpResponse<byte[]> r = get("/api/v1/artifacts/" + sha256);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Sha256.of(r.body())).isEqualTo(sha256);
        return r.body();
    }

    /** Trains the assignment's plan from its global weights on this client's data. */
    public Trained train(Assignment a) {
        long t0 = System.nanoTime();
        TrainingPlan plan = TrainingPlans.fromJson(fetch(a.planSha256()));
        float[] global = WeightsCodec.decode(fetch(a.weightsSha256()));
        MultiLayerNetwork network = Networks.build(plan);
        try {
            Networks.setParameters(network, global);
            long t1 = System.nanoTime();
            network.fit(new LabeledDataSetIterator(data, plan.batchSize(), plan.seed()), plan.localEpochs());
            double trainSeconds = (System.nanoTime() - t1) / 1e9;
            float[] delta = Networks.delta(Networks.parameters(network), global);
            EvaluationResult r = Evaluator.evaluate(network,
                    LabeledDataSetIterator.builder(data).batchSize(256).shuffle(false).build());
            double wall = (System.nanoTime() - t0) / 1e9;
            UpdateMetrics metrics = new UpdateMetrics(data.size(), r.loss(), r.accuracy(), null, null, wall, trainSeconds,
                    data.size() * plan.localEpochs() / Math.max(trainSeconds, 1e-6), 1, 1.0, Map.of());
            return new Trained(a, global, delta, WeightsCodec.encode(delta), metrics);
        } finally {
            network.close();
        }
    }

    /**
     * Answers an EVALUATE assignment as docs/protocol.md says: the plan's network with the
     * assigned global weights, {@code Evaluator.evaluate} over the local held-out split.
     */
    public EvalResult evaluate(Assignment a) {
        assertThat(a.task()).isEqualTo(TaskKind.EVALUATE);
        TrainingPlan plan = TrainingPlans.fromJson(fetch(a.planSha256()));
        return evaluate(plan, WeightsCodec.decode(fetch(a.weightsSha256())), heldOut);
    }

    /** Loss and accuracy of {@code weights} under {@code plan} on {@code data}. */
    public static EvalResult evaluate(TrainingPlan plan, float[] weights, LabeledDataset data) {
        MultiLayerNetwork network = Networks.build(plan);
        try {
            Networks.setParameters(network, weights);
            EvaluationResult r = Evaluator.evaluate(network,
                    LabeledDataSetIterator.builder(data).batchSize(256).shuffle(false).build());
            return new EvalResult(r.examples(), r.loss(), r.accuracy());
        } finally {
            network.close();
        }
    }

    /** Posts an evaluation result to the assignment's path. */
    public HttpResponse<String> report(Assignment a, EvalResult result) {
        return report(a.uploadPath(), WireJson.write(result));
    }

    /** A raw result post: any path, any body. */
    public HttpResponse<String> report(String path, String json) {
        return Http.send(Http.request(base, path, authorization()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    /** Uploads to the assignment's path. */
    public HttpResponse<String> upload(Assignment a, byte[] body, UpdateMetrics metrics) {
        return upload(a.uploadPath(), body, WireJson.write(metrics));
    }

    public HttpResponse<String> upload(Trained t) {
        return upload(t.assignment(), t.encoded(), t.metrics());
    }

    /** A raw upload: any path, any body, any metrics header (null for none). */
    public HttpResponse<String> upload(String path, byte[] body, String metricsJson) {
        HttpRequest.Builder b = Http.request(base, path, authorization())
                .header("Content-Type", "application/octet-stream")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (metricsJson != null) {
            b.header("Flotilla-Metrics", metricsJson);
        }
        return Http.send(b.build());
    }

    public HttpResponse<String> decline(long jobId, int round, String reason, String detail) {
        return Http.send(Http.request(base, "/api/v1/jobs/" + jobId + "/rounds/" + round + "/declines/" + id, authorization())
                .header("Content-Type", "application/json")
                .POST(Http.json(new DeclineRequest(reason, detail))).build());
    }

    /**
     * A finished local training.
     *
     * @param assignment what was trained
     * @param global     the global weights it started from
     * @param delta      local − global
     * @param encoded    the delta in WeightsCodec format
     * @param metrics    what is reported with it
     */
    public record Trained(Assignment assignment, float[] global, float[] delta, byte[] encoded, UpdateMetrics metrics) {
    }
}
