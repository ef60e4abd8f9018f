package org.flotilla.model.wire;

import java.time.Instant;
import java.util.Map;

import org.flotilla.model.json.WireJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WireJsonTest {

    @Test
    void assignmentsRoundTripWithIsoTimestamps() {
        Assignment a = new Assignment(1, 3, TaskKind.TRAIN, "a".repeat(64), "b".repeat(64),
                Instant.parse("2026-11-26T10:15:30Z"), "/api/v1/jobs/1/rounds/3/updates/c-1", Map.of("fedproxMu", 0.01));
        String json = WireJson.write(CheckInResponse.of(a));
        assertThat(json).contains("\"deadline\":\"2026-11-26T10:15:30Z\"");
        assertThat(WireJson.read(json, CheckInResponse.class).assignment()).isEqualTo(a);
    }

    @Test
    void unknownFieldsFromANewerPeerAreIgnored() {
        String json = "{\"clientId\":\"c-1\",\"secret\":\"s\",\"addedLater\":true}";
        assertThat(WireJson.read(json, EnrolResponse.class)).isEqualTo(new EnrolResponse("c-1", "s"));
    }

    @Test
    void metricsCarryOnlyAggregates() {
        UpdateMetrics m = new UpdateMetrics(100, 0.5, 0.8, null, null, 2, 1.5, 66.7, 2, 1.9, null);
        String json = WireJson.write(m);
        assertThat(WireJson.read(json, UpdateMetrics.class)).isEqualTo(m);
        assertThat(json).doesNotContain("\n");
    }
}
