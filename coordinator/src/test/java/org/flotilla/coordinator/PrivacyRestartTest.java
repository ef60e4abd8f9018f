package org.flotilla.coordinator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.support.AdminApi;
import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.flotilla.privacy.accounting.RdpAccountant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A differentially private job's accounting survives a restart: the second process rebuilds the
 * accountant from the ledger the first one committed, so its next round's ε composes every round
 * before, and it stops before the round that would exceed {@code maxEpsilon} as one process would.
 */
class PrivacyRestartTest {

    static final double Z = 1.2;

    @TempDir
    Path dataDir;

    @Test
    void aRestartedCoordinatorContinuesTheSameAccounting() {
        double delta = 1e-3;
        double maxEpsilon = (epsilon(3, delta) + epsilon(4, delta)) / 2;
        ConfigurableApplicationContext first = start();
        AdminApi admin = new AdminApi(baseOf(first), IntegrationTest.ADMIN_TOKEN);
        List<TestEdgeClient> clients = List.of(
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "a", Blobs.sample(60, 61)),
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "b", Blobs.sample(60, 62)));
        long job = admin.createJob(JobJson.of("rounds", 6, "clientsPerRound", null, "minClients", null,
                "overSelection", null, "differentialPrivacy", Map.of("samplingRate", 1.0, "noiseMultiplier", Z,
                        "clipNorm", 0.5, "delta", delta, "maxEpsilon", maxEpsilon)));
        trainRound(clients);
        admin.awaitCompletedRounds(job, 1);
        // Round 2 is accounted and open when the first process stops.
        admin.awaitJob(job, Duration.ofSeconds(10), j -> j.at("/privacy/roundsAccounted").asLong() == 2);
        first.close();

        ConfigurableApplicationContext second = start();
        try {
            AdminApi again = new AdminApi(baseOf(second), IntegrationTest.ADMIN_TOKEN);
            List<TestEdgeClient> moved = clients.stream().map(c -> c.at(again.base())).toList();
            trainRound(moved);
            again.awaitCompletedRounds(job, 2);
            trainRound(moved);
            JsonNode done = again.awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
            assertThat(done.get("reason").asString()).startsWith("stopped before round 4: ");
            JsonNode rounds = again.rounds(job);
            assertThat(rounds).hasSize(3);
            for (int r = 1; r <= 3; r++) {
                assertThat(rounds.get(r - 1).at("/privacy/epsilon").asDouble()).as("epsilon after round " + r)
                        .isCloseTo(epsilon(r, delta), within(1e-9));
                assertThat(rounds.get(r - 1).at("/privacy/roundsAccounted").asLong()).isEqualTo(r);
            }
        } finally {
            second.close();
        }
    }

    private static void trainRound(List<TestEdgeClient> clients) {
        for (TestEdgeClient c : clients) {
            Assignment a = c.awaitAssignment(Duration.ofSeconds(10));
            assertThat(c.upload(c.train(a)).statusCode()).isEqualTo(201);
        }
    }

    private static double epsilon(int rounds, double delta) {
        return RdpAccountant.create().compose(1.0, Z, rounds).epsilon(delta).epsilon();
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CoordinatorApplication.class)
                .profiles("test")
                .run("--server.port=0", "--flotilla.data-dir=" + dataDir, "--flotilla.replica-id=privacy-restart-test");
    }

    private static URI baseOf(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://localhost:" + port);
    }
}
