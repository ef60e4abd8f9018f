package org.flotilla.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.commons.math3.stat.correlation.PearsonsCorrelation;
import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.model.codec.WeightsCodec;
import org.flotilla.model.json.WireJson;
import org.flotilla.secagg.wire.MaskedInput;
import org.flotilla.secagg.wire.MaskedVectorCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secure aggregation through the whole system: the real coordinator and six real edge-client
 * processes run the same 4-round MLP job with plain FedAvg and with {@code "secureAggregation": {}}
 * (SecAgg+, defaults: r = 1, b_q = 16, majority threshold t = 4 of 6 in the complete graph).
 *
 * <p>In round 1 of the secure job two clients are killed (SIGKILL) right after their sealed shares
 * were accepted, before they could send a masked input; they are restarted once the round is over.
 * Local training is deterministic for the same weights, data and round, so the four survivors'
 * true round-1 updates are their updates of the plain job's round 1, stored there in the clear:
 * the secure round-1 model must be the initial weights plus the example-weighted mean of those four
 * within one quantization step 2r/(2^b_q − 1) = 3.05·10⁻⁵ per parameter (the bound of a weighted
 * mean of stochastically rounded values). Every masked input the coordinator stored for that round
 * must be statistically unrelated to its client's true update: |Pearson correlation| < 0.01 over
 * the model's 253,962 coordinates (a random vector's correlation has standard deviation
 * 1/√d ≈ 0.002 here; the model's hidden layer is wide for this reason). The final test accuracies
 * must agree within 0.02 (the secure job's round 1 averaged four clients, the plain job's six).
 */
class SecureAggregationIT {

    static final int CLIENTS = 6;
    static final int ROUNDS = 4;
    static final int HIDDEN = 8192;
    static final List<Integer> KILLED = List.of(4, 5);

    @TempDir
    Path dir;

    Path evalSet;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void aSecureJobSurvivesTwoKilledClientsAndMatchesPlainFedAvgWithinTheQuantizationStep() throws Exception {
        BlobData blobs = new BlobData(11);
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            folders.add(blobs.writeClient(dir.resolve("data"), name(i), 300 + 100 * i, 0, 200 + i));
        }
        evalSet = blobs.writeClient(dir.resolve("data"), "evaluation", 1000, 0, 999);

        try (LocalFederation federation = new LocalFederation(Federations.programs(), dir.resolve("run"), 0, null)) {
            CoordinatorApi api = federation.startCoordinator(Federations.coordinatorOptions(dir), Duration.ofMinutes(2));
            List<ManagedProcess> alive = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                alive.add(start(federation, i, folders.get(i)));
            }
            long started = System.nanoTime();
            JsonNode plain = run(api, alive, job("plain", false));
            double plainSeconds = (System.nanoTime() - started) / 1e9;

            started = System.nanoTime();
            long secureId = api.createJob(WireJson.write(job("secure", true))).path("id").asLong();
            Map<String, String> ids = Federations.clientIds(federation);
            List<String> killedIds = KILLED.stream().map(i -> ids.get(name(i))).toList();
            killAfterSharing(api, secureId, ids, killedIds, alive);
            awaitRound(api, secureId, 1, alive);
            for (int i : KILLED) {
                alive.add(start(federation, i, folders.get(i)));
            }
            JsonNode secure = Federations.awaitTerminal(api, secureId, alive, Duration.ofMinutes(3));
            assertThat(secure.path("state").asString()).as("secure job; reason " + secure.path("reason"))
                    .isEqualTo("COMPLETED");
            double secureSeconds = (System.nanoTime() - started) / 1e9;

            // The secure round 1: four survivors; the killed clients dropped after sharing their keys.
            JsonNode attempt = api.round(secureId, 1).path("attempts").get(0);
            assertThat(attempt.path("summary").path("state").asString()).isEqualTo("COMPLETED");
            JsonNode protocol = attempt.path("summary").path("secureAggregation");
            assertThat(protocol.path("threshold").asInt()).isEqualTo(4);
            Map<String, String> masked = Federations.statuses(attempt.path("phases").get(2));
            Map<String, String> shared = Federations.statuses(attempt.path("phases").get(1));
            for (String id : killedIds) {
                assertThat(shared.get(id)).as("killed client's share phase").isEqualTo("REPORTED");
                // Killed after its check-in for the masked-input phase: assigned, then DROPPED at the
                // close. Killed before it: never assigned to that phase, so not listed in it.
                assertThat(masked.get(id)).as("killed client's masked-input phase").isIn("DROPPED", null);
            }

            // The survivors' true round-1 updates, stored in the clear by the plain job.
            Map<String, float[]> trueUpdates = new HashMap<>();
            Map<String, Long> examples = new HashMap<>();
            for (JsonNode p : api.round(plain.path("id").asLong(), 1).path("attempts").get(0).path("participants")) {
                JsonNode u = p.path("update");
                trueUpdates.put(p.path("clientId").asString(),
                        WeightsCodec.decode(Federations.get(federation, "/api/v1/artifacts/" + u.path("sha256").asString())));
                examples.put(p.path("clientId").asString(), u.path("examples").asLong());
            }
            float[] initial = Federations.rawModel(federation, secureId, 0);
            int d = initial.length;
            double[] sum = new double[d];
            long weight = 0;
            List<String> survivors = new ArrayList<>();
            double worstCorrelation = 0;
            for (JsonNode p : attempt.path("participants")) {
                JsonNode u = p.path("update");
                if (!u.isObject()) {
                    continue;
                }
                String id = p.path("clientId").asString();
                survivors.add(id);
                assertThat(u.path("masked").asBoolean()).as("stored update of " + id + " is masked").isTrue();
                MaskedInput stored = MaskedVectorCodec.decode(Federations.get(federation, "/api/v1/artifacts/"
                        + u.path("sha256").asString()), protocol.path("modulusBits").asInt(), d + 1);
                float[] truth = trueUpdates.get(id);
                double r = correlation(stored.vector(), truth);
                worstCorrelation = Math.max(worstCorrelation, Math.abs(r));
                assertThat(Math.abs(r)).as("|correlation| of " + id + "'s stored masked input with its update")
                        .isLessThan(0.01);
                for (int j = 0; j < d; j++) {
                    sum[j] += examples.get(id) * (double) truth[j];
                }
                weight += examples.get(id);
            }
            assertThat(survivors).hasSize(CLIENTS - KILLED.size()).doesNotContainAnyElementsOf(killedIds);

            float[] secureRound1 = Federations.rawModel(federation, secureId, 1);
            float[] plainRound1 = Federations.rawModel(federation, plain.path("id").asLong(), 1);
            double step = 2.0 / ((1 << 16) - 1);
            double worst = 0;
            double fromSix = 0;
            for (int j = 0; j < d; j++) {
                worst = Math.max(worst, Math.abs(secureRound1[j] - (initial[j] + sum[j] / weight)));
                fromSix = Math.max(fromSix, Math.abs(secureRound1[j] - plainRound1[j]));
            }
            double plainAccuracy = plain.path("latestTestAccuracy").asDouble();
            double secureAccuracy = secure.path("latestTestAccuracy").asDouble();
            System.out.printf("secure round 1 (2 of 6 killed after sharing): largest difference from the survivors'"
                            + " FedAvg in the clear %.3g (step %.3g), from the plain 6-client round %.3g; largest"
                            + " |correlation| masked input vs update %.4f over %d coordinates; final test accuracy"
                            + " plain %.4f, secure %.4f; job time plain %.1f s, secure %.1f s%n", worst, step, fromSix,
                    worstCorrelation, d, plainAccuracy, secureAccuracy, plainSeconds, secureSeconds);
            assertThat(worst).as("secure round 1 vs the survivors' FedAvg in the clear").isLessThan(step + 1e-6);
            assertThat(fromSix).as("the survivors' mean is not the six clients' mean").isGreaterThan(10 * step);
            assertThat(Math.abs(secureAccuracy - plainAccuracy)).as("final test accuracy, secure vs plain")
                    .isLessThanOrEqualTo(0.02);
            assertThat(secureAccuracy).isGreaterThan(0.6);
            assertThat(alive).allMatch(ManagedProcess::isAlive);
        }
    }

    private static String name(int i) {
        return "client-0" + i;
    }

    private static ManagedProcess start(LocalFederation federation, int i, Path folder) throws Exception {
        return federation.startClient(name(i), folder, 1, List.of("-Xmx512m"));
    }

    private Map<String, Object> job(String name, boolean secure) {
        Map<String, Object> request = Federations.blobJob(name, CLIENTS, ROUNDS, 0.05, evalSet,
                Map.of("name", "fedavg"));
        request.put("model", Map.of("name", "mlp", "params", Map.of("hidden", List.of(HIDDEN))));
        if (secure) {
            request.put("secureAggregation", Map.of());
            // Two clients die in round 1: four keep it going, and the masked-input phase waits for
            // the dead ones only until this deadline.
            request.put("minClients", CLIENTS - KILLED.size());
            request.put("roundTimeoutSeconds", 20);
            request.put("selectionTimeoutSeconds", 10);
        }
        return request;
    }

    /** SIGKILLs the given clients as soon as their sealed shares of round 1 were accepted. */
    private static void killAfterSharing(CoordinatorApi api, long jobId, Map<String, String> ids,
                                         List<String> clientIds, List<ManagedProcess> alive) throws Exception {
        List<String> pending = new ArrayList<>(clientIds);
        long end = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!pending.isEmpty()) {
            assertThat(System.nanoTime()).as("clients " + pending + " shared their keys in time").isLessThan(end);
            JsonNode attempts = api.round(jobId, 1).path("attempts");
            JsonNode phases = attempts.isArray() && !attempts.isEmpty() ? attempts.get(0).path("phases") : null;
            if (phases != null && phases.size() >= 2) {
                Map<String, String> shared = Federations.statuses(phases.get(1));
                for (String id : List.copyOf(pending)) {
                    if ("REPORTED".equals(shared.get(id))) {
                        ManagedProcess p = alive.stream().filter(c -> id.equals(ids.get(c.name()))).findFirst()
                                .orElseThrow();
                        p.kill();
                        alive.remove(p);
                        pending.remove(id);
                    }
                }
            }
            Thread.sleep(10);
        }
    }

    private static void awaitRound(CoordinatorApi api, long jobId, int round, List<ManagedProcess> alive)
            throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (api.job(jobId).path("completedRounds").asInt() < round) {
            String state = api.job(jobId).path("state").asString();
            assertThat(state).as("secure job state").isEqualTo("RUNNING");
            for (ManagedProcess c : alive) {
                assertThat(c.isAlive()).as(c.name() + " alive; log:\n" + c.tail(20)).isTrue();
            }
            assertThat(System.nanoTime()).as("round " + round + " completed in time").isLessThan(end);
            Thread.sleep(200);
        }
    }



    /** Pearson correlation of the masked elements (the weight's element skipped) with the update. */
    static double correlation(long[] masked, float[] update) {
        double[] x = new double[update.length];
        double[] y = new double[update.length];
        for (int j = 0; j < update.length; j++) {
            x[j] = masked[j + 1];
            y[j] = update[j];
        }
        return new PearsonsCorrelation().correlation(x, y);
    }

    private static JsonNode run(CoordinatorApi api, List<ManagedProcess> alive, Map<String, Object> request)
            throws Exception {
        long jobId = api.createJob(WireJson.write(request)).path("id").asLong();
        JsonNode job = Federations.awaitTerminal(api, jobId, alive, Duration.ofMinutes(2));
        assertThat(job.path("state").asString()).as("job " + request.get("name") + "; reason " + job.path("reason"))
                .isEqualTo("COMPLETED");
        return job;
    }
}
