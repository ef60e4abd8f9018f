package org.flotilla.coordinator;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.flotilla.coordinator.support.AdminApi;
import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.FedAvgReference;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A coordinator stopped mid-job and started again on the same data directory continues from its
 * last completed round: accepted updates survive, an open round continues, a round caught in
 * AGGREGATING is aggregated again (at once, although the crashed process's lease had an hour left).
 */
class RestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartedCoordinatorContinuesTheJobWithoutLosingAcceptedUpdates() throws Exception {
        ConfigurableApplicationContext first = start();
        AdminApi admin = new AdminApi(baseOf(first), IntegrationTest.ADMIN_TOKEN);
        List<TestEdgeClient> clients = new ArrayList<>(List.of(
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "a", Blobs.sample(90, 51)),
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "b", Blobs.sample(140, 52)),
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "c", Blobs.sample(70, 53))));
        long job = admin.createJob(JobJson.of("rounds", 3, "clientsPerRound", 3, "minClients", 2));

        // Round 1 completes normally.
        List<TestEdgeClient.Trained> round1 = trainAll(clients);
        for (int i = 0; i < clients.size(); i++) {
            assertThat(clients.get(i).upload(round1.get(i)).statusCode()).isEqualTo(201);
        }
        admin.awaitCompletedRounds(job, 1);
        float[] global1 = admin.rawModel(job, 1);

        // Round 2: a and b are accepted, then the coordinator stops.
        List<TestEdgeClient.Trained> round2 = trainAll(clients);
        assertThat(clients.get(0).upload(round2.get(0)).statusCode()).isEqualTo(201);
        assertThat(clients.get(1).upload(round2.get(1)).statusCode()).isEqualTo(201);
        first.close();

        ConfigurableApplicationContext second = start();
        admin = new AdminApi(baseOf(second), IntegrationTest.ADMIN_TOKEN);
        URI secondBase = admin.base();
        clients.replaceAll(c -> c.at(secondBase));
        assertThat(admin.job(job).get("state").asString()).isEqualTo("RUNNING");
        JsonNode open = admin.rounds(job).get(1);
        assertThat(open.get("state").asString()).isEqualTo("TRAINING");
        assertThat(open.get("reported").asInt()).isEqualTo(2);
        // The same bytes again are still recognised; c gets its round-2 assignment back and reports.
        assertThat(clients.get(0).upload(round2.get(0)).statusCode()).isEqualTo(200);
        Assignment again = clients.get(2).awaitAssignment(Duration.ofSeconds(5));
        assertThat(again).isEqualTo(round2.get(2).assignment());
        assertThat(clients.get(2).upload(round2.get(2)).statusCode()).isEqualTo(201);
        admin.awaitCompletedRounds(job, 2);
        assertClose(admin.rawModel(job, 2), FedAvgReference.apply(global1, round2));
        float[] global2 = admin.rawModel(job, 2);

        // Round 3: a and b report, then the coordinator "crashes" right after closing the round for
        // aggregation (the state is forced in the database while it is stopped).
        List<TestEdgeClient.Trained> round3 = trainAll(clients);
        assertThat(clients.get(0).upload(round3.get(0)).statusCode()).isEqualTo(201);
        assertThat(clients.get(1).upload(round3.get(1)).statusCode()).isEqualTo(201);
        second.close();
        forceAggregating(job, 3);

        ConfigurableApplicationContext third = start();
        try {
            admin = new AdminApi(baseOf(third), IntegrationTest.ADMIN_TOKEN);
            JsonNode done = admin.awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
            assertThat(done.get("completedRounds").asInt()).isEqualTo(3);
            assertClose(admin.rawModel(job, 3), FedAvgReference.apply(global2, round3.subList(0, 2)));
            JsonNode rounds = admin.rounds(job);
            assertThat(rounds).hasSize(3);
            assertThat(rounds.get(2).get("reported").asInt()).isEqualTo(2);
        } finally {
            third.close();
        }
    }

    private List<TestEdgeClient.Trained> trainAll(List<TestEdgeClient> clients) {
        List<TestEdgeClient.Trained> trained = new ArrayList<>();
        for (TestEdgeClient c : clients) {
            trained.add(c.train(c.awaitAssignment(Duration.ofSeconds(10))));
        }
        return trained;
    }

    private void forceAggregating(long job, int round) throws Exception {
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("db").resolve("flotilla");
        try (Connection db = DriverManager.getConnection(url, "sa", "");
             // The crashed process held the aggregation lease for another hour; a restarted process of the
             // same replica takes it over at once.
             PreparedStatement s = db.prepareStatement("UPDATE cohorts SET state = 'CLOSING', work_started_at = "
                     + "opened_at, closing_started_at = opened_at, lease_holder = 'restart-test/1/dead00', "
                     + "lease_expires_at = DATEADD('HOUR', 1, CURRENT_TIMESTAMP) WHERE job_id = ? AND round_no = ? "
                     + "AND kind = 'TRAIN' AND state = 'WORKING'")) {
            s.setLong(1, job);
            s.setInt(2, round);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("parameter %d", i).isCloseTo(expected[i], within(1e-6f));
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CoordinatorApplication.class)
                .profiles("test")
                .run("--server.port=0", "--flotilla.data-dir=" + dataDir, "--flotilla.replica-id=restart-test");
    }

    private static URI baseOf(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://localhost:" + port);
    }
}
