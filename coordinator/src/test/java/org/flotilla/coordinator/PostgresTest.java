package org.flotilla.coordinator;

import java.time.Duration;
import java.util.List;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.FedAvgReference;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The same migrations and SQL on PostgreSQL (profile {@code postgres}). Runs only when
 * {@code FLOTILLA_TEST_DB_URL} names an empty scratch database, e.g.
 * {@code FLOTILLA_TEST_DB_URL=jdbc:postgresql://localhost:5432/flotilla_test FLOTILLA_DB_USER=flotilla}.
 */
@ActiveProfiles({"test", "postgres"})
@EnabledIfEnvironmentVariable(named = "FLOTILLA_TEST_DB_URL", matches = "jdbc:postgresql:.+")
class PostgresTest extends IntegrationTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("FLOTILLA_TEST_DB_URL"));
    }

    @Test
    void aWholeRoundWithRetriesDuplicatesAndLateUploadsRunsOnPostgres() {
        TestEdgeClient a = enrol("pg-a", Blobs.sample(100, 71));
        TestEdgeClient b = enrol("pg-b", Blobs.sample(50, 72));
        long job = admin().createJob(JobJson.of("rounds", 2, "clientsPerRound", 2, "minClients", 1,
                "roundTimeoutSeconds", 10, "selectionTimeoutSeconds", 1, "maxRoundRetries", 1));

        Assignment forA = a.awaitAssignment(Duration.ofSeconds(5));
        Assignment forB = b.awaitAssignment(Duration.ofSeconds(5));
        TestEdgeClient.Trained ta = a.train(forA);
        TestEdgeClient.Trained tb = b.train(forB);
        assertThat(a.upload(ta).statusCode()).isEqualTo(201);
        assertThat(a.upload(ta).statusCode()).isEqualTo(200);
        assertThat(b.upload(tb).statusCode()).isEqualTo(201);
        admin().awaitCompletedRounds(job, 1);
        float[] expected = FedAvgReference.apply(ta.global(), List.of(ta, tb));
        float[] actual = admin().rawModel(job, 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
        }

        // Round 2: only a reports; the deadline aggregates it with quorum 1, b is then late.
        Assignment second = a.awaitAssignment(Duration.ofSeconds(5));
        Assignment secondB = b.awaitAssignment(Duration.ofSeconds(5));
        assertThat(a.upload(a.train(second)).statusCode()).isEqualTo(201);
        JsonNode done = admin().awaitJob(job, Duration.ofSeconds(30), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("completedRounds").asInt()).isEqualTo(2);
        assertThat(b.upload(b.train(secondB)).statusCode()).isEqualTo(409);
        JsonNode rounds = admin().rounds(job);
        assertThat(rounds.get(1).get("late").asInt()).isEqualTo(1);
        assertThat(admin().round(job, 2).get("rejections")).isNotEmpty();
        assertThat(admin().get("/api/v1/clients")).hasSizeGreaterThanOrEqualTo(2);
    }
}
