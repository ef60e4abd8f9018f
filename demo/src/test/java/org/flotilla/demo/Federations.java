package org.flotilla.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.datasets.LabeledDataset;
import org.flotilla.datasets.LocalData;
import org.flotilla.datasets.iterator.LabeledDataSetIterator;
import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.demo.federation.Programs;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.eval.Evaluator;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.flotilla.model.plan.TrainingPlans;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** What the whole-system tests share: where the programs are, a job request, waiting, and reading models back. */
final class Federations {

    private Federations() {
    }

    /** The coordinator's jar from the build, the edge client from this test's class path (it holds it and its dependencies). */
    static Programs programs() {
        Path root = Path.of("").toAbsolutePath().getParent();
        Programs programs = new Programs(Path.of(System.getProperty("java.home"), "bin", "java"),
                root.resolve("coordinator/target/coordinator-exec.jar"), System.getProperty("java.class.path"));
        assertThat(programs.coordinatorJar()).as("built coordinator jar (./mvnw install -DskipTests)").exists();
        return programs;
    }

    /**
     * The coordinator's JVM options in these tests: a 768 MB heap, and {@code evaluationRoot} (the
     * test's folder, which holds the evaluation sets beside the federation's folder) as
     * {@code flotilla.evaluation.root}; then {@code more}.
     */
    static List<String> coordinatorOptions(Path evaluationRoot, String... more) {
        List<String> options = new ArrayList<>(List.of("-Xmx768m", "-Dflotilla.evaluation.root=" + evaluationRoot));
        options.addAll(List.of(more));
        return options;
    }

    /** An MLP job over {@link BlobData} with every client in every round and server-side evaluation on {@code evalSet}. */
    static Map<String, Object> blobJob(String name, int clients, int rounds, double learningRate, Path evalSet,
                                       Map<String, Object> strategy) {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("name", name);
        job.put("model", Map.of("name", "mlp", "params", Map.of("hidden", List.of(32))));
        job.put("inputShape", List.of(BlobData.FEATURES));
        job.put("numClasses", BlobData.CLASSES);
        job.put("localEpochs", 1);
        job.put("batchSize", 32);
        job.put("optimizer", Map.of("name", "sgd", "learningRate", learningRate));
        job.put("seed", 42);
        job.put("strategy", strategy);
        job.put("rounds", rounds);
        job.put("clientsPerRound", clients);
        job.put("minClients", clients);
        job.put("overSelection", 1.0);
        job.put("roundTimeoutSeconds", 120);
        job.put("evaluation", Map.of("path", evalSet.toString()));
        return job;
    }

    /** Polls the job until it ends; every process in {@code alive} must stay up meanwhile. */
    static JsonNode awaitTerminal(CoordinatorApi api, long jobId, Collection<ManagedProcess> alive, Duration timeout)
            throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode job = api.job(jobId);
            String state = job.path("state").asString();
            if (state.equals("COMPLETED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                return job;
            }
            for (ManagedProcess c : alive) {
                assertThat(c.isAlive()).as(c.name() + " alive; log:\n" + c.tail(20)).isTrue();
            }
            assertThat(System.nanoTime()).as("job " + jobId + " finished in time").isLessThan(end);
            Thread.sleep(250);
        }
    }

    /** The job's plan and the global weights after {@code round}, as the coordinator stores them, as a network. */
    static MultiLayerNetwork model(LocalFederation federation, JsonNode job, int round) throws Exception {
        TrainingPlan plan = TrainingPlans.fromJson(get(federation, "/api/v1/artifacts/" + job.path("planSha256").asString()));
        MultiLayerNetwork network = Networks.build(plan);
        byte[] raw = get(federation, "/api/v1/jobs/" + job.path("id").asLong() + "/model?round=" + round + "&format=raw");
        Networks.setParameters(network, WeightsCodec.decode(raw, network.numParams()));
        return network;
    }

    /** {@code network} on the held-out split of the client folder {@code folder}, read as the edge client reads it. */
    static EvaluationResult evaluateHeldOut(MultiLayerNetwork network, Path folder) {
        LabeledDataset heldOut = LocalData.open(folder.toString(), LocalData.Options.defaults()).heldOut().orElseThrow();
        return Evaluator.evaluate(network, LabeledDataSetIterator.builder(heldOut).batchSize(256).shuffle(false).build());
    }

    /** {@code GET path} with the admin token; the body of a 200 answer. */
    static byte[] get(LocalFederation federation, String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(federation.url() + path))
                    .header("Authorization", "Bearer " + federation.tokens().get("admin")).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).as("GET " + path).isEqualTo(200);
            return r.body();
        }
    }

    /** Client id → status of each participant of one phase (or round attempt) in a round detail. */
    static Map<String, String> statuses(JsonNode phase) {
        Map<String, String> s = new java.util.HashMap<>();
        phase.path("participants").forEach(p -> s.put(p.path("clientId").asString(), p.path("status").asString()));
        return s;
    }

    /** The job's global weights after {@code round}, raw, as the coordinator stores them. */
    static float[] rawModel(LocalFederation federation, long jobId, int round) throws Exception {
        return WeightsCodec.decode(get(federation, "/api/v1/jobs/" + jobId + "/model?round=" + round + "&format=raw"));
    }

    /** Each enrolled client's name → its id, from {@code GET /api/v1/clients}. */
    static Map<String, String> clientIds(LocalFederation federation) throws Exception {
        Map<String, String> ids = new HashMap<>();
        for (JsonNode c : WireJson.read(get(federation, "/api/v1/clients"), JsonNode.class)) {
            ids.put(c.path("name").asString(), c.path("id").asString());
        }
        return ids;
    }
}
