package org.flotilla.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.model.eval.EvaluationResult;
import org.flotilla.model.json.WireJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Federated evaluation through the whole system: the real coordinator and three real edge-client
 * processes whose held-out splits differ in size (30, 50, 70 examples). After rounds 2 and 4
 * ({@code "every": 2}, and the last round) every client evaluates the new global weights on its
 * held-out split; the round records show the example-weighted federated loss and accuracy beside
 * the server-side test figures, and each client's figures equal an independent evaluation of
 * that round's stored weights on that client's held-out split.
 */
class FederatedEvaluationEndToEndIT {

    static final int ROUNDS = 4;
    static final int[] HELD_OUT = {30, 50, 70};

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void clientsEvaluateEverySecondRoundOnTheirHeldOutSplitsAndTheRoundsShowTheWeightedFigures() throws Exception {
        BlobData blobs = new BlobData(7);
        Map<Long, Path> folderByHeldOut = new HashMap<>();
        List<Path> folders = new ArrayList<>();
        for (int i = 0; i < HELD_OUT.length; i++) {
            Path folder = blobs.writeClient(dir.resolve("data"), "client-0" + i, 400, HELD_OUT[i], 100 + i);
            folders.add(folder);
            folderByHeldOut.put((long) HELD_OUT[i], folder);
        }
        Path evalSet = blobs.writeClient(dir.resolve("data"), "evaluation", 1000, 0, 999);

        try (LocalFederation federation = new LocalFederation(Federations.programs(), dir.resolve("run"), 0, null)) {
            CoordinatorApi api = federation.startCoordinator(Federations.coordinatorOptions(dir), Duration.ofMinutes(2));
            Map<String, Object> request = Federations.blobJob("federated-evaluation", HELD_OUT.length, ROUNDS, 0.05,
                    evalSet, Map.of("name", "fedavg"));
            request.put("federatedEvaluation", Map.of("every", 2));
            long jobId = api.createJob(WireJson.write(request)).path("id").asLong();
            for (int i = 0; i < folders.size(); i++) {
                federation.startClient("client-0" + i, folders.get(i), 1, List.of("-Xmx512m"));
            }

            JsonNode job = Federations.awaitTerminal(api, jobId, federation.clients(), Duration.ofMinutes(4));
            assertThat(job.path("state").asString()).as("job state; reason " + job.path("reason")).isEqualTo("COMPLETED");

            List<JsonNode> rounds = new ArrayList<>();
            api.rounds(jobId).forEach(rounds::add);
            assertThat(rounds).extracting(r -> r.path("round").asInt()).containsExactly(1, 2, 3, 4);
            for (JsonNode r : rounds) {
                int n = r.path("round").asInt();
                JsonNode fed = r.path("federatedEvaluation");
                assertThat(r.path("result").path("testAccuracy").isNumber()).as("server-side accuracy of round " + n).isTrue();
                if (n % 2 == 1) {
                    assertThat(fed.isNull() || fed.isMissingNode()).as("no federated evaluation after round " + n).isTrue();
                    continue;
                }
                assertThat(fed.path("state").asString()).as("federated evaluation of round " + n).isEqualTo("COMPLETED");
                assertThat(fed.path("reported").asInt()).isEqualTo(HELD_OUT.length);
                assertThat(fed.path("examples").asLong()).isEqualTo(30 + 50 + 70);
                assertThat(fed.path("weightsSha256").asString()).isEqualTo(r.path("result").path("weightsSha256").asString());
                System.out.printf("round %d: server-side test accuracy %.4f (loss %.4f), federated accuracy %.4f"
                                + " (loss %.4f) over %d held-out examples%n", n, r.path("result").path("testAccuracy").asDouble(),
                        r.path("result").path("testLoss").asDouble(), fed.path("accuracy").asDouble(),
                        fed.path("loss").asDouble(), fed.path("examples").asLong());
                checkAgainstTheClientsHeldOutSplits(federation, api, job, n, fed, folderByHeldOut);
            }
            JsonNode last = rounds.getLast();
            assertThat(job.path("latestFederatedAccuracy").asDouble())
                    .isEqualTo(last.path("federatedEvaluation").path("accuracy").asDouble());
            // same distribution, a model that has learnt: both figures well above chance (0.1)
            assertThat(last.path("federatedEvaluation").path("accuracy").asDouble()).isGreaterThan(0.6);
            assertThat(last.path("result").path("testAccuracy").asDouble()).isGreaterThan(0.6);
            assertThat(federation.clients()).allMatch(ManagedProcess::isAlive);
        }
    }

    /**
     * Each participant's reported figures are those of the round's stored weights on its own held-out
     * split (recomputed here), and the round's figures are their example-weighted means.
     */
    private static void checkAgainstTheClientsHeldOutSplits(LocalFederation federation, CoordinatorApi api, JsonNode job,
                                                            int round, JsonNode summary, Map<Long, Path> folderByHeldOut)
            throws Exception {
        JsonNode participants = api.round(job.path("id").asLong(), round).path("federatedEvaluation").path("participants");
        assertThat(participants).hasSize(HELD_OUT.length);
        MultiLayerNetwork model = Federations.model(federation, job, round);
        long examples = 0;
        double loss = 0;
        double accuracy = 0;
        double unweightedAccuracy = 0;
        for (JsonNode p : participants) {
            assertThat(p.path("status").asString()).isEqualTo("REPORTED");
            JsonNode result = p.path("result");
            long n = result.path("examples").asLong();
            assertThat(folderByHeldOut).as("a client's held-out size").containsKey(n);
            EvaluationResult expected = Federations.evaluateHeldOut(model, folderByHeldOut.get(n));
            assertThat(result.path("accuracy").asDouble()).as("accuracy of the client with " + n + " held-out examples")
                    .isEqualTo(expected.accuracy());
            assertThat(result.path("loss").asDouble()).isCloseTo(expected.loss(), within(1e-5));
            examples += n;
            loss += n * result.path("loss").asDouble();
            accuracy += n * result.path("accuracy").asDouble();
            unweightedAccuracy += result.path("accuracy").asDouble() / HELD_OUT.length;
        }
        assertThat(summary.path("loss").asDouble()).isCloseTo(loss / examples, within(1e-9));
        assertThat(summary.path("accuracy").asDouble()).isCloseTo(accuracy / examples, within(1e-9));
        System.out.printf("round %d: example-weighted federated accuracy %.4f, unweighted mean of the clients %.4f%n",
                round, accuracy / examples, unweightedAccuracy);
    }
}
