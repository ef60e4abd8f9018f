package org.flotilla.coordinator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.CheckInResponse;
import org.flotilla.model.wire.UpdateMetrics;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A cohort takes exactly the answers it asked for: 200 protocol clients over real HTTP, all
 * assigned (over-selection 4), upload at once to a round that wants 50; exactly 50 are accepted and
 * aggregated, every other upload is refused 409 {@code ROUND_CLOSED}, and the over-selected clients
 * count as dropped. The exact target is a conditional increment in the database, so this holds
 * across threads and replicas. {@code -Dflotilla.test.clients=N -Dflotilla.test.wanted=W} (with
 * N ≤ 10 W) measures other sizes.
 */
class ExactTargetTest extends IntegrationTest {

    static final int CLIENTS = Integer.getInteger("flotilla.test.clients", 200);
    static final int WANTED = Integer.getInteger("flotilla.test.wanted", 50);
    private static final int PARAMETERS = Blobs.FEATURES * Blobs.CLASSES + Blobs.CLASSES;

    @Test
    void concurrentUploadsNeverOvershootTheTargetAndTheRestAreDropped() throws Exception {
        List<TestEdgeClient> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(enrol("crowd-" + i, Blobs.sample(12, 1000 + i)));
        }
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", WANTED, "minClients", WANTED,
                "overSelection", CLIENTS / (double) WANTED, "roundTimeoutSeconds", 120, "selectionTimeoutSeconds", 60));
        float[] global = admin().rawModel(job, 0);

        Map<String, Assignment> assignments = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<CheckInResponse>> answers = new ArrayList<>();
            for (TestEdgeClient c : clients) {
                answers.add(pool.submit(() -> c.checkIn(5)));
            }
            for (int i = 0; i < CLIENTS; i++) {
                Assignment a = answers.get(i).get(60, TimeUnit.SECONDS).assignment();
                assertThat(a).as("client %d was assigned", i).isNotNull();
                assignments.put(clients.get(i).id(), a);
            }
        }
        assertThat(admin().rounds(job).get(0).get("state").asString()).isEqualTo("TRAINING");

        Map<String, float[]> deltas = new ConcurrentHashMap<>();
        Map<String, Long> examples = new ConcurrentHashMap<>();
        Map<String, HttpResponse<String>> responses = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> uploads = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                TestEdgeClient c = clients.get(i);
                long n = 5 + i % 7;
                float[] delta = randomDelta(i);
                deltas.put(c.id(), delta);
                examples.put(c.id(), n);
                UpdateMetrics m = new UpdateMetrics(n, 0.5, 0.5, null, null, 1, 1, n, 1, 1.0, Map.of());
                uploads.add(pool.submit(() -> responses.put(c.id(),
                        c.upload(assignments.get(c.id()), WeightsCodec.encode(delta), m))));
            }
            for (Future<?> f : uploads) {
                f.get(120, TimeUnit.SECONDS);
            }
        }
        System.out.printf("exact target: %d clients uploaded at once, %d wanted, %d accepted%n", CLIENTS, WANTED,
                responses.values().stream().filter(r -> r.statusCode() == 201).count());
        List<String> accepted = responses.entrySet().stream().filter(e -> e.getValue().statusCode() == 201)
                .map(Map.Entry::getKey).sorted().toList();
        assertThat(accepted).hasSize(WANTED);
        assertThat(responses.values()).filteredOn(r -> r.statusCode() != 201).hasSize(CLIENTS - WANTED).allSatisfy(r -> {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
            assertThat(Http.parse(r.body()).get("reason").asString()).isEqualTo("ROUND_CLOSED");
        });

        admin().awaitJob(job, Duration.ofSeconds(60), j -> j.get("state").asString().equals("COMPLETED"));
        JsonNode summary = admin().rounds(job).get(0);
        assertThat(summary.get("reported").asInt()).isEqualTo(WANTED);
        assertThat(summary.get("selected").asInt()).isEqualTo(CLIENTS);
        assertThat(summary.get("dropped").asInt()).isEqualTo(CLIENTS - WANTED);
        assertThat(summary.get("late").asInt()).isEqualTo(CLIENTS - WANTED);
        JsonNode provenance = admin().round(job, 1).get("attempts").get(0).get("provenance");
        assertThat(provenance.get("participants")).hasSize(WANTED);
        assertThat(provenance.get("contributions")).hasSize(WANTED);
        List<String> contributors = new ArrayList<>();
        provenance.get("contributions").forEach(c -> contributors.add(c.get("clientId").asString()));
        assertThat(contributors).containsExactlyElementsOf(accepted);

        float[] expected = global.clone();
        double total = accepted.stream().mapToLong(examples::get).sum();
        float[] mean = new float[PARAMETERS];
        for (String id : accepted) {
            float[] d = deltas.get(id);
            for (int p = 0; p < PARAMETERS; p++) {
                mean[p] += (float) (d[p] * (examples.get(id) / total));
            }
        }
        float[] actual = admin().rawModel(job, 1);
        for (int p = 0; p < PARAMETERS; p++) {
            assertThat(actual[p]).as("parameter %d", p).isCloseTo(expected[p] + mean[p], within(1e-5f));
        }
    }

    private static float[] randomDelta(int seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[PARAMETERS];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * 0.01);
        }
        return d;
    }
}
