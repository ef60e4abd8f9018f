package org.flotilla.coordinator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.support.AdminApi;
import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server-side evaluation runs after a round's commit. A coordinator stopped after the commit
 * and before the evaluation was recorded (the round's row still says it is due, and its summary
 * says {@code pendingEvaluation}) evaluates that round when it starts again, with the same
 * figures, and the job completes with every round's figures recorded.
 */
class ServerEvaluationRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void anEvaluationLostToAStopIsRunAtStartUpAndTheJobCompletesWithAllFigures() {
        Path eval = Blobs.writeCsv(Blobs.sample(200, 97), dataDir.resolve("eval.csv"));
        ConfigurableApplicationContext first = start();
        AdminApi admin = new AdminApi(baseOf(first), IntegrationTest.ADMIN_TOKEN);
        List<TestEdgeClient> clients = new ArrayList<>(List.of(
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "a", Blobs.sample(90, 71)),
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "b", Blobs.sample(60, 72))));
        long job = admin.createJob(JobJson.of("rounds", 2, "evaluation", Map.of("path", eval.toString())));
        for (TestEdgeClient c : clients) {
            assertThat(c.upload(c.train(c.awaitAssignment(Duration.ofSeconds(10)))).statusCode()).isEqualTo(201);
        }
        admin.awaitCompletedRounds(job, 1);
        double accuracy = awaitTestAccuracy(admin, job, 0);
        // As if the coordinator had stopped between the round's commit and its evaluation's record:
        int due = first.getBean(JdbcClient.class).sql("""
                UPDATE round_results SET evaluation_seconds = NULL, test_examples = NULL, test_loss = NULL,
                    test_accuracy = NULL""").update();
        assertThat(due).isEqualTo(1);
        JsonNode waiting = admin.rounds(job).get(0);
        assertThat(waiting.get("pendingEvaluation").asBoolean()).isTrue();
        assertThat(waiting.path("result").path("testAccuracy").isNumber()).isFalse();
        assertThat(admin.round(job, 1).get("attempts").get(0).get("summary").get("pendingEvaluation").asBoolean())
                .isTrue();
        first.close();

        ConfigurableApplicationContext second = start();
        try {
            AdminApi again = new AdminApi(baseOf(second), IntegrationTest.ADMIN_TOKEN);
            URI base = again.base();
            clients.replaceAll(c -> c.at(base));
            assertThat(awaitTestAccuracy(again, job, 0)).isEqualTo(accuracy);
            for (TestEdgeClient c : clients) {
                assertThat(c.upload(c.train(c.awaitAssignment(Duration.ofSeconds(10)))).statusCode()).isEqualTo(201);
            }
            JsonNode done = again.awaitJob(job, Duration.ofSeconds(30), j -> j.get("state").asString().equals("COMPLETED"));
            JsonNode rounds = again.rounds(job);
            assertThat(rounds).hasSize(2);
            for (JsonNode r : rounds) {
                assertThat(r.get("result").get("testExamples").asLong()).isEqualTo(200);
                assertThat(r.get("timings").get("evaluationSeconds").isNumber()).isTrue();
                assertThat(r.get("pendingEvaluation").asBoolean()).isFalse();
            }
            assertThat(done.get("latestTestAccuracy").asDouble())
                    .isEqualTo(rounds.get(1).get("result").get("testAccuracy").asDouble());
        } finally {
            second.close();
        }
    }

    /** Waits until round {@code index} (0-based) of the job has its server-side test accuracy recorded. */
    private static double awaitTestAccuracy(AdminApi admin, long job, int index) {
        Instant until = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(until)) {
            JsonNode rounds = admin.rounds(job);
            if (rounds.size() > index) {
                JsonNode acc = rounds.get(index).path("result").path("testAccuracy");
                if (acc.isNumber()) {
                    return acc.asDouble();
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("round " + (index + 1) + " of job " + job + " has no test accuracy after 30 s");
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(CoordinatorApplication.class)
                .profiles("test")
                .run("--server.port=0", "--flotilla.data-dir=" + dataDir);
    }

    private static URI baseOf(ConfigurableApplicationContext context) {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://localhost:" + port);
    }
}
