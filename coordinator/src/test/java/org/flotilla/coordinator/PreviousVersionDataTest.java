package org.flotilla.coordinator;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.flotilla.coordinator.support.AdminApi;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.codec.WeightsCodec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * A data directory written by the coordinator before the cohort engine (schema V1 + V2: tables
 * {@code rounds}, {@code participants}, {@code updates}, {@code evaluations},
 * {@code evaluation_participants}) opens with this version: Flyway's V3 moves every row into the
 * cohort tables and the API shows the same jobs, rounds, participants, refusals, evaluations and
 * models as before. The fixture ({@code fixtures/data-dir-v2.zip}, H2 database and artifacts) was
 * written by commit 849236f running three jobs with the test profile's tokens: job 1 completed two
 * FedAvg rounds with a federated evaluation after each (one client evaluated, one declined) and a
 * refused conflicting upload in round 1; job 2 failed its first attempt (a decline, then the
 * deadline) and was cancelled during the second; job 3 was left running with round 1 in TRAINING,
 * one of two updates accepted and its deadline long past.
 */
class PreviousVersionDataTest {

    @TempDir
    Path dataDir;

    @Test
    void aDataDirectoryOfThePreviousVersionOpensAndShowsItsJobsAndRounds() throws Exception {
        unzip("/fixtures/data-dir-v2.zip", dataDir);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(CoordinatorApplication.class)
                .profiles("test").run("--server.port=0", "--flotilla.data-dir=" + dataDir);
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            assertTheFixturesJobs(new AdminApi(URI.create("http://localhost:" + port), IntegrationTest.ADMIN_TOKEN));
        } finally {
            context.close();
        }
    }

    /** What the fixture's three jobs must look like after the migration (also on PostgreSQL). */
    static void assertTheFixturesJobs(AdminApi admin) {
        {
            JsonNode jobs = admin.get("/api/v1/jobs");
            assertThat(jobs).hasSize(3);
            assertThat(jobs.get(0).get("name").asString()).isEqualTo("fixture fedavg");
            assertThat(jobs.get(0).get("state").asString()).isEqualTo("COMPLETED");
            assertThat(jobs.get(0).get("completedRounds").asInt()).isEqualTo(2);
            assertThat(jobs.get(0).get("latestFederatedAccuracy").asDouble()).isEqualTo(1.0);
            assertThat(jobs.get(1).get("state").asString()).isEqualTo("CANCELLED");
            assertThat(admin.get("/api/v1/clients")).hasSize(2);

            assertCompletedJob(admin, jobs.get(0).get("id").asLong());
            assertCancelledJob(admin, jobs.get(1).get("id").asLong());
            assertTheOpenRoundIsClosedAtItsPastDeadlineAndAggregated(admin, jobs.get(2).get("id").asLong());
        }
    }

    private static void assertCompletedJob(AdminApi admin, long job) {
        JsonNode rounds = admin.rounds(job);
        assertThat(rounds).hasSize(2);
        JsonNode first = rounds.get(0);
        assertThat(first.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(first.get("selected").asInt()).isEqualTo(2);
        assertThat(first.get("reported").asInt()).isEqualTo(2);
        assertThat(first.get("result").get("weightsSha256").asString())
                .isEqualTo("a1c8996b104feb8a3db8ee26a526d436e80579006ffe8b3f5256afd41abd4e40");
        assertThat(first.get("result").get("trainExamples").asLong()).isEqualTo(100);
        assertThat(first.get("timings").get("trainingSeconds").isNumber()).isTrue();
        JsonNode fe = first.get("federatedEvaluation");
        assertThat(fe.get("state").asString()).isEqualTo("COMPLETED");
        assertThat(fe.get("reported").asInt()).isEqualTo(1);
        assertThat(fe.get("declined").asInt()).isEqualTo(1);
        assertThat(fe.get("examples").asLong()).isEqualTo(20);
        assertThat(fe.get("accuracy").asDouble()).isEqualTo(0.9);
        assertThat(rounds.get(1).get("result").get("weightsSha256").asString())
                .isEqualTo("f8ef9f2345988a1feb95a15b26fad3b3c32a2e9f3b2a98f7d5ea343fa86f73b7");

        JsonNode detail = admin.round(job, 1);
        JsonNode attempt = detail.get("attempts").get(0);
        assertThat(attempt.get("participants")).hasSize(2).allSatisfy(p -> {
            assertThat(p.get("status").asString()).isEqualTo("REPORTED");
            assertThat(p.get("update").get("sha256").asString()).hasSize(64);
        });
        assertThat(attempt.get("provenance").get("strategy").asString()).isEqualTo("fedavg");
        assertThat(attempt.get("provenance").get("participants")).hasSize(2);
        assertThat(detail.get("rejections")).singleElement()
                .satisfies(r -> assertThat(r.get("reason").asString()).isEqualTo("CONFLICT"));
        JsonNode evaluation = detail.get("federatedEvaluation");
        assertThat(evaluation.get("participants")).hasSize(2).anySatisfy(p -> {
            assertThat(p.get("status").asString()).isEqualTo("REPORTED");
            assertThat(p.get("result").get("examples").asLong()).isEqualTo(20);
        }).anySatisfy(p -> assertThat(p.get("declineReason").asString()).isEqualTo("NO_HELD_OUT_DATA"));

        byte[] raw = admin.getBytes("/api/v1/jobs/" + job + "/model?round=2&format=raw").body();
        assertThat(Sha256.of(raw)).isEqualTo("f8ef9f2345988a1feb95a15b26fad3b3c32a2e9f3b2a98f7d5ea343fa86f73b7");
        assertThat(admin.getBytes("/api/v1/jobs/" + job + "/model").statusCode()).isEqualTo(200);
    }

    private static void assertCancelledJob(AdminApi admin, long job) {
        JsonNode rounds = admin.rounds(job);
        assertThat(rounds).hasSize(2);
        assertThat(rounds.get(0).get("state").asString()).isEqualTo("FAILED");
        assertThat(rounds.get(0).get("outcome").asString()).startsWith("quorum not reached: 0 of 2 required update(s)");
        assertThat(rounds.get(0).get("declined").asInt()).isEqualTo(1);
        assertThat(rounds.get(0).get("dropped").asInt()).isEqualTo(1);
        assertThat(rounds.get(1).get("outcome").asString()).isEqualTo("job cancelled by an operator");
        assertThat(admin.round(job, 1).get("attempts").get(0).get("participants"))
                .anySatisfy(p -> assertThat(p.get("declineReason").asString()).isEqualTo("DATA_SHAPE_MISMATCH"));
    }

    private static void assertTheOpenRoundIsClosedAtItsPastDeadlineAndAggregated(AdminApi admin, long job) {
        JsonNode done = admin.awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
        assertThat(done.get("reason").asString()).isEqualTo("all 1 rounds completed");
        JsonNode round = admin.round(job, 1).get("attempts").get(0);
        assertThat(round.get("summary").get("reported").asInt()).isEqualTo(1);
        assertThat(round.get("summary").get("dropped").asInt()).isEqualTo(1);
        // FedAvg of one update: the initial weights plus that client's delta, from the migrated update row.
        String updateSha = round.get("participants").findValues("update").stream().filter(u -> !u.isNull())
                .findFirst().orElseThrow().get("sha256").asString();
        float[] delta = WeightsCodec.decode(admin.getBytes("/api/v1/artifacts/" + updateSha).body());
        float[] before = admin.rawModel(job, 0);
        float[] after = admin.rawModel(job, 1);
        for (int i = 0; i < before.length; i++) {
            assertThat(after[i]).as("parameter %d", i).isCloseTo(before[i] + delta[i], within(1e-6f));
        }
    }

    static void unzip(String resource, Path target) throws IOException {
        try (InputStream in = PreviousVersionDataTest.class.getResourceAsStream(resource);
             ZipInputStream zip = new ZipInputStream(in)) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                Path file = target.resolve(e.getName()).normalize();
                assertThat(file.startsWith(target)).isTrue();
                if (e.isDirectory()) {
                    Files.createDirectories(file);
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(zip, file);
                }
            }
        }
    }
}
