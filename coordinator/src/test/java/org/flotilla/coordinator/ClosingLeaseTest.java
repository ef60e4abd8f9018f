package org.flotilla.coordinator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The closing step (aggregation) runs under a lease stored in the database: while another replica
 * holds an unexpired lease on a round left in AGGREGATING, this one leaves it alone; once the lease
 * expires, the periodic sweep (not only a restart) takes it over and aggregates it, and the round
 * record shows who holds the lease. A closing step that fails — here a stored update damaged on
 * disk — fails the round with the reason, and the job's retry policy opens a new attempt.
 */
class ClosingLeaseTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Test
    void aRoundLeftClosingByAnotherReplicaIsAggregatedByTheSweepOnceItsLeaseExpires() {
        TestEdgeClient a = enrol("lease-a", Blobs.sample(80, 81));
        TestEdgeClient b = enrol("lease-b", Blobs.sample(60, 82));
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 2, "minClients", 1,
                "selectionTimeoutSeconds", 1, "roundTimeoutSeconds", 120));
        Assignment forA = a.awaitAssignment(Duration.ofSeconds(10));
        b.awaitAssignment(Duration.ofSeconds(10));
        assertThat(a.upload(a.train(forA)).statusCode()).isEqualTo(201);

        // Another replica froze the round for aggregation and holds the lease for 3 more seconds.
        Instant expires = Instant.now().plusSeconds(3);
        int frozen = jdbc.sql("""
                UPDATE cohorts SET state = 'CLOSING', closing_started_at = ?, lease_holder = 'replica-b/4242/abcdef',
                       lease_expires_at = ? WHERE job_id = ? AND kind = 'TRAIN' AND state = 'WORKING'""")
                .params(Instant.now().atOffset(ZoneOffset.UTC), expires.atOffset(ZoneOffset.UTC), job).update();
        assertThat(frozen).isEqualTo(1);
        jdbc.sql("""
                UPDATE cohort_participants SET status = 'DROPPED'
                WHERE status = 'ASSIGNED' AND cohort_id IN (SELECT id FROM cohorts WHERE job_id = ?)""").param(job).update();

        await().during(Duration.ofMillis(1500)).atMost(Duration.ofMillis(2500)).until(() -> {
            JsonNode r = admin().rounds(job).get(0);
            return r.get("state").asString().equals("AGGREGATING")
                    && r.get("aggregation").get("holder").asString().equals("replica-b/4242/abcdef");
        });
        admin().awaitJob(job, Duration.ofSeconds(15), j -> j.get("state").asString().equals("COMPLETED"));
        JsonNode r = admin().rounds(job).get(0);
        assertThat(r.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(r.get("aggregation").get("holder").asString()).isNotEqualTo("replica-b/4242/abcdef")
                .contains("/" + ProcessHandle.current().pid() + "/");
        assertThat(r.get("result").get("trainExamples").asLong()).isEqualTo(80);
    }

    @Test
    void aClosingStepThatFailsFailsTheRoundWithItsReasonAndTheJobRetries() throws Exception {
        TestEdgeClient c = enrol("damaged", Blobs.sample(70, 83));
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 2, "minClients", 1,
                "selectionTimeoutSeconds", 1, "roundTimeoutSeconds", 120, "maxRoundRetries", 1));
        Assignment first = c.awaitAssignment(Duration.ofSeconds(10));
        // Keep the round open (a second client is outstanding) while the stored update is damaged;
        // it joins before the 1 s selection window ends, so before training.
        TestEdgeClient other = enrol("damaged-other", Blobs.sample(50, 84));
        other.awaitAssignment(Duration.ofSeconds(10));
        TestEdgeClient.Trained trained = c.train(first);
        assertThat(c.upload(trained).statusCode()).isEqualTo(201);
        String sha = admin().round(job, 1).get("attempts").get(0).get("participants").findValues("update").stream()
                .filter(u -> !u.isNull()).findFirst().orElseThrow().get("sha256").asString();
        Path stored = dataDir.resolve("artifacts").resolve(sha.substring(0, 2)).resolve(sha);
        Files.setPosixFilePermissions(stored, PosixFilePermissions.fromString("rw-r--r--"));
        Files.write(stored, new byte[] {1, 2, 3});
        assertThat(other.decline(job, 1, "SHUTTING_DOWN", "leaving").statusCode()).isEqualTo(204);

        await().atMost(Duration.ofSeconds(15)).until(() -> admin().rounds(job).size() == 2);
        JsonNode failed = admin().rounds(job).get(0);
        assertThat(failed.get("state").asString()).isEqualTo("FAILED");
        assertThat(failed.get("outcome").asString()).startsWith("closing failed: ").contains("CodecException");
        assertThat(admin().rounds(job).get(1).get("attempt").asInt()).isEqualTo(2);
        assertThat(admin().post("/api/v1/jobs/" + job + "/cancel", "").statusCode()).isEqualTo(200);
    }
}
