package org.flotilla.demo;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.demo.federation.LocalFederation;
import org.flotilla.demo.federation.ManagedProcess;
import org.flotilla.demo.federation.Programs;
import org.flotilla.model.json.WireJson;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A centrally differentially private job through the whole system — the coordinator's jar and
 * four edge-client processes over loopback — runs until its {@code maxEpsilon} stops it: each
 * round takes exactly its Poisson sample, the devices clip (the coordinator has nothing left to
 * clip), and the ε in every round record equals the library's RDP accountant computed here.
 */
class DifferentialPrivacyIT {

    static final int CLIENTS = 4;
    static final double Q = 0.75;
    static final double Z = 1.0;
    static final double DELTA = 1e-3;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aDpJobRunsToItsMaxEpsilonStopWithTheAccountantsEpsilonInEveryRound() throws Exception {
        Programs programs = Federations.programs();
        BlobData blobs = new BlobData(11);
        List<Path> clientData = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            clientData.add(blobs.writeClient(dir.resolve("data"), "client-0" + i, 200, 20, 200 + i));
        }
        Path evalSet = blobs.writeClient(dir.resolve("data"), "evaluation", 300, 0, 998);
        // Three rounds fit, the fourth would not.
        double maxEpsilon = (epsilon(3) + epsilon(4)) / 2;

        try (LocalFederation federation = new LocalFederation(programs, dir.resolve("run"), 0, null)) {
            CoordinatorApi api = federation.startCoordinator(Federations.coordinatorOptions(dir), Duration.ofMinutes(2));
            for (int i = 0; i < CLIENTS; i++) {
                federation.startClient("client-0" + i, clientData.get(i), 1, List.of("-Xmx512m"));
            }
            // The population a DP job samples from is the clients enrolled when it is created.
            awaitEnrolled(federation, Duration.ofMinutes(1));

            Map<String, Object> request = Federations.blobJob("dp", CLIENTS, 10, 0.05, evalSet, Map.of("name", "fedavg"));
            request.remove("clientsPerRound");
            request.remove("minClients");
            request.remove("overSelection");
            request.put("selectionTimeoutSeconds", 10);
            request.put("differentialPrivacy", Map.of("samplingRate", Q, "noiseMultiplier", Z, "clipNorm", 0.5,
                    "delta", DELTA, "maxEpsilon", maxEpsilon));
            long jobId = api.createJob(WireJson.write(request)).path("id").asLong();

            JsonNode job = Federations.awaitTerminal(api, jobId, federation.clients(), Duration.ofMinutes(2));
            assertThat(job.path("state").asString()).as("job state; reason " + job.path("reason")).isEqualTo("COMPLETED");
            assertThat(job.path("reason").asString()).startsWith("stopped before round 4: privacy budget");
            assertThat(job.at("/privacy/epsilon").asDouble()).isCloseTo(epsilon(3), within(1e-9))
                    .isLessThanOrEqualTo(maxEpsilon);

            JsonNode rounds = api.rounds(jobId);
            assertThat(rounds).hasSize(3);
            for (int n = 1; n <= 3; n++) {
                JsonNode r = rounds.get(n - 1);
                JsonNode p = r.path("privacy");
                assertThat(r.path("state").asString()).isEqualTo("COMPLETED");
                assertThat(p.path("epsilon").asDouble()).as("epsilon after round " + n).isCloseTo(epsilon(n), within(1e-9));
                assertThat(p.path("delta").asDouble()).isEqualTo(DELTA);
                assertThat(p.path("samplingRate").asDouble()).isEqualTo(Q);
                assertThat(p.path("noiseMultiplier").asDouble()).isEqualTo(Z);
                assertThat(p.path("clipNorm").asDouble()).isEqualTo(0.5);
                // Exactly the Poisson sample takes part: no refill, nobody else.
                assertThat(r.path("selected").asInt()).as("round " + n).isEqualTo(p.path("sampled").asInt());
                assertThat(r.path("reported").asInt()).isEqualTo(p.path("sampled").asInt());
                assertThat(p.at("/release/clippedOnArrival").asInt()).as("updates the devices left unclipped").isZero();
                assertThat(p.at("/release/denominator").asDouble()).isEqualTo(Q * CLIENTS);
                JsonNode attempts = api.round(jobId, n).path("attempts");
                for (JsonNode c : attempts.get(attempts.size() - 1).path("participants")) {
                    assertThat(c.at("/update/metrics/extra/clipped").isNumber()).as(c.toString()).isTrue();
                }
            }
            List<String> perRound = new ArrayList<>();
            rounds.forEach(r -> perRound.add(r.at("/privacy/sampled").asInt() + " sampled, epsilon "
                    + r.at("/privacy/epsilon").asDouble()));
            System.out.println("differential privacy per round: " + perRound + "; maxEpsilon " + maxEpsilon);
            assertThat(federation.clients()).allMatch(ManagedProcess::isAlive);
        }
    }

    /** The library's RDP accountant after {@code rounds} rounds, computed independently of the coordinator. */
    private static double epsilon(int rounds) {
        return RdpAccountant.create().compose(Q, Z, rounds).epsilon(DELTA).epsilon();
    }

    private static void awaitEnrolled(LocalFederation federation, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        while (WireJson.read(Federations.get(federation, "/api/v1/clients"), JsonNode.class).size() < CLIENTS) {
            assertThat(System.nanoTime()).as("every client enrolled in time").isLessThan(end);
            Thread.sleep(200);
        }
    }
}
