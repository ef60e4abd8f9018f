package org.flotilla.coordinator.hostile;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.protocol.ProtocolHeaders;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile devices: filling the disk. Below the free-space floor (here set above any disk) an
 * upload is refused 503 with {@code Retry-After} before its body is read, nothing is stored, and
 * the refusal is in the round detail — the first {@code rejections-per-round} (here 2) of them: a
 * device repeating refused uploads cannot grow the {@code rejections} table.
 */
@TestPropertySource(properties = {"flotilla.limits.min-free-space=1000000TB", "flotilla.limits.busy-retry-after=7s",
        "flotilla.limits.rejections-per-round=2"})
class StorageFloorTest extends IntegrationTest {

    @Test
    void belowTheFloorUploadsGet503WithRetryAfterAndNothingIsStored() throws Exception {
        TestEdgeClient device = enrol("filler", Blobs.sample(60, 21));
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 1, "minClients", 1));
        TestEdgeClient.Trained t = device.train(device.awaitAssignment(Duration.ofSeconds(10)));
        long updatesBefore;
        try (var files = Files.walk(dataDir.resolve("artifacts"))) {
            updatesBefore = files.filter(Files::isRegularFile).count();
        }

        HttpResponse<String> refused = device.upload(t);

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(503);
        assertThat(refused.headers().firstValue(ProtocolHeaders.RETRY_AFTER)).hasValue("7");
        assertThat(Http.parse(refused.body()).get("reason").asString()).isEqualTo("STORAGE_FULL");
        try (var files = Files.walk(dataDir.resolve("artifacts"))) {
            assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(updatesBefore);
        }
        assertThat(admin().round(job, 1).get("rejections").get(0).get("reason").asString()).isEqualTo("STORAGE_FULL");

        for (int i = 0; i < 2; i++) {
            assertThat(device.upload(t).statusCode()).isEqualTo(503);
        }
        assertThat(admin().round(job, 1).get("rejections")).as("stored refusals, bounded per round").hasSize(2)
                .allSatisfy(r -> assertThat(r.get("reason").asString()).isEqualTo("STORAGE_FULL"));
    }
}
