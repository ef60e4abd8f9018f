package org.flotilla.coordinator;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.FedAvgReference;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Deadlines with short timeouts: quorum at the deadline, drop-outs, late uploads, retries, job failure. */
class DeadlinesTest extends IntegrationTest {

    @Test
    void aRoundWithItsQuorumAggregatesAtTheDeadlineWithoutTheClientThatNeverReports() {
        TestEdgeClient a = enrol("a", Blobs.sample(100, 21));
        TestEdgeClient b = enrol("b", Blobs.sample(60, 22));
        TestEdgeClient silent = enrol("silent", Blobs.sample(90, 23));
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 3, "minClients", 2,
                "roundTimeoutSeconds", 3, "selectionTimeoutSeconds", 2));
        Assignment forA = a.awaitAssignment(Duration.ofSeconds(5));
        Assignment forB = b.awaitAssignment(Duration.ofSeconds(5));
        Assignment forSilent = silent.awaitAssignment(Duration.ofSeconds(5));
        TestEdgeClient.Trained ta = a.train(forA);
        TestEdgeClient.Trained tb = b.train(forB);
        assertThat(a.upload(ta).statusCode()).isEqualTo(201);
        assertThat(b.upload(tb).statusCode()).isEqualTo(201);
        TestEdgeClient.Trained late = silent.train(forSilent);

        JsonNode done = admin().awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("completedRounds").asInt()).isEqualTo(1);
        float[] expected = FedAvgReference.apply(ta.global(), List.of(ta, tb));
        float[] actual = admin().rawModel(job, 1);
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-6f));
        }
        JsonNode summary = admin().rounds(job).get(0);
        assertThat(summary.get("reported").asInt()).isEqualTo(2);
        assertThat(summary.get("dropped").asInt()).isEqualTo(1);

        HttpResponse<String> tooLate = silent.upload(late);
        assertThat(tooLate.statusCode()).isEqualTo(409);
        JsonNode problem = Http.parse(tooLate.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:flotilla:problem:round-closed");
        assertThat(problem.get("reason").asString()).isEqualTo("ROUND_CLOSED");
        JsonNode detail = admin().round(job, 1);
        assertThat(detail.get("attempts").get(0).get("participants"))
                .anySatisfy(p -> {
                    assertThat(p.get("clientId").asString()).isEqualTo(silent.id());
                    assertThat(p.get("status").asString()).isEqualTo("LATE");
                });
        assertThat(admin().rounds(job).get(0).get("late").asInt()).isEqualTo(1);
        assertThat(detail.get("rejections")).anySatisfy(r -> assertThat(r.get("reason").asString()).isEqualTo("ROUND_CLOSED"));
    }

    @Test
    void aRoundThatMissesItsQuorumIsRetriedAndTheJobFailsWithAReasonWhenRetriesRunOut() {
        TestEdgeClient a = enrol("retry-a", Blobs.sample(100, 31));
        TestEdgeClient b = enrol("retry-b", Blobs.sample(100, 32));
        long job = admin().createJob(JobJson.of("rounds", 3, "clientsPerRound", 2, "minClients", 2,
                "roundTimeoutSeconds", 2, "selectionTimeoutSeconds", 1, "maxRoundRetries", 1));

        // Attempt 1: a reports, b declines; with nobody outstanding and no quorum it fails at once.
        Assignment first = a.awaitAssignment(Duration.ofSeconds(5));
        b.awaitAssignment(Duration.ofSeconds(5));
        assertThat(a.upload(a.train(first)).statusCode()).isEqualTo(201);
        HttpResponse<String> declined = b.decline(job, 1, "DISK_FULL", "no space left for the plan");
        assertThat(declined.statusCode()).as(declined.body()).isEqualTo(204);
        assertThat(b.decline(job, 1, "DISK_FULL", "again").statusCode()).isEqualTo(204);

        // Attempt 2 of round 1: both are assigned again and nobody reports; the deadline fails it.
        Assignment second = a.awaitAssignment(Duration.ofSeconds(10));
        assertThat(second.round()).isEqualTo(1);
        b.awaitAssignment(Duration.ofSeconds(5));

        JsonNode failed = admin().awaitJob(job, Duration.ofSeconds(10), j -> j.get("state").asString().equals("FAILED"));
        assertThat(failed.get("reason").asString())
                .startsWith("round 1 failed in all 2 attempt(s) (maxRoundRetries 1); last attempt: quorum not reached: 0 of 2");
        JsonNode rounds = admin().rounds(job);
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(0).get("attempt").asInt()).isEqualTo(1);
        assertThat(rounds.get(0).get("state").asString()).isEqualTo("FAILED");
        assertThat(rounds.get(0).get("outcome").asString()).startsWith("quorum not reached: 1 of 2 required update(s)");
        assertThat(rounds.get(1).get("attempt").asInt()).isEqualTo(2);
        assertThat(rounds.get(1).get("outcome").asString()).contains("deadline passed");

        JsonNode attempt1 = admin().round(job, 1).get("attempts").get(0);
        assertThat(attempt1.get("participants")).anySatisfy(p -> {
            assertThat(p.get("clientId").asString()).isEqualTo(b.id());
            assertThat(p.get("status").asString()).isEqualTo("DECLINED");
            assertThat(p.get("declineReason").asString()).isEqualTo("DISK_FULL");
            assertThat(p.get("declineDetail").asString()).isEqualTo("no space left for the plan");
        });
        assertThat(a.checkIn(0).assignment()).isNull();
    }
}
