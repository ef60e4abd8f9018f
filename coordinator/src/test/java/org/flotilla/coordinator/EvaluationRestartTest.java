package org.flotilla.coordinator;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.flotilla.coordinator.support.AdminApi;
import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.EvalResult;
import org.flotilla.model.wire.TaskKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A coordinator stopped in the middle of a federated evaluation and started again on the same data
 * directory continues it: the accepted result survives, an assignee gets its EVALUATE assignment
 * back, and the evaluation completes with everyone's result.
 */
class EvaluationRestartTest {

    @TempDir
    Path dataDir;

    @Test
    void aRestartedCoordinatorContinuesAnOpenFederatedEvaluation() {
        ConfigurableApplicationContext first = start();
        AdminApi admin = new AdminApi(baseOf(first), IntegrationTest.ADMIN_TOKEN);
        List<TestEdgeClient> clients = new ArrayList<>(List.of(
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "a", Blobs.sample(90, 81))
                        .withHeldOut(Blobs.sample(30, 181)),
                TestEdgeClient.enrol(admin.base(), IntegrationTest.ENROLMENT_TOKEN, "b", Blobs.sample(60, 82))
                        .withHeldOut(Blobs.sample(50, 182))));
        long job = admin.createJob(JobJson.of("rounds", 1, "federatedEvaluation", Map.of("timeoutSeconds", 60)));
        for (TestEdgeClient c : clients) {
            assertThat(c.upload(c.train(c.awaitAssignment(Duration.ofSeconds(10)))).statusCode()).isEqualTo(201);
        }
        admin.awaitCompletedRounds(job, 1);
        Assignment forA = clients.get(0).awaitAssignment(Duration.ofSeconds(10));
        Assignment forB = clients.get(1).awaitAssignment(Duration.ofSeconds(10));
        assertThat(forB.task()).isEqualTo(TaskKind.EVALUATE);
        EvalResult ra = clients.get(0).evaluate(forA);
        assertThat(clients.get(0).report(forA, ra).statusCode()).isEqualTo(201);
        first.close();

        ConfigurableApplicationContext second = start();
        try {
            admin = new AdminApi(baseOf(second), IntegrationTest.ADMIN_TOKEN);
            URI secondBase = admin.base();
            clients.replaceAll(c -> c.at(secondBase));
            JsonNode open = admin.rounds(job).get(0).get("federatedEvaluation");
            assertThat(open.get("state").asString()).isEqualTo("EVALUATING");
            assertThat(open.get("reported").asInt()).isEqualTo(1);
            assertThat(admin.job(job).get("state").asString()).isEqualTo("RUNNING");
            assertThat(clients.get(0).report(forA, ra).statusCode()).isEqualTo(200);
            Assignment again = clients.get(1).awaitAssignment(Duration.ofSeconds(5));
            assertThat(again).isEqualTo(forB);
            EvalResult rb = clients.get(1).evaluate(again);
            assertThat(clients.get(1).report(again, rb).statusCode()).isEqualTo(201);

            JsonNode done = admin.awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));
            JsonNode fe = admin.rounds(job).get(0).get("federatedEvaluation");
            assertThat(fe.get("state").asString()).isEqualTo("COMPLETED");
            assertThat(fe.get("examples").asLong()).isEqualTo(80);
            double accuracy = (30 * ra.accuracy() + 50 * rb.accuracy()) / 80;
            assertThat(fe.get("accuracy").asDouble()).isCloseTo(accuracy, within(1e-12));
            assertThat(done.get("latestFederatedAccuracy").asDouble()).isCloseTo(accuracy, within(1e-12));
        } finally {
            second.close();
        }
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
