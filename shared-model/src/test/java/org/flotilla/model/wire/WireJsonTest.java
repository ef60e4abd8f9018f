package org.flotilla.model.wire;

import java.time.Instant;
import java.util.Map;

import org.flotilla.model.json.WireJson;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WireJsonTest {

    @Test
    void assignmentsRoundTripWithIsoTimestamps() {
        Assignment a = new Assignment.Train(1, 3, "a".repeat(64), "b".repeat(64),
                Instant.parse("2026-11-26T10:15:30Z"), "/api/v1/jobs/1/rounds/3/updates/c-1", Map.of("fedproxMu", 0.01));
        String json = WireJson.write(CheckInResponse.of(a));
        assertThat(json).contains("\"deadline\":\"2026-11-26T10:15:30Z\"").contains("\"task\":\"TRAIN\"");
        assertThat(WireJson.read(json, CheckInResponse.class).assignment()).isEqualTo(a);
    }

    @Test
    void theTaskMemberSelectsTheKindOfAssignmentAsTheWireFormatAlwaysHad() {
        // The JSON the coordinator sent before Assignment became sealed (docs/protocol.md).
        String train = "{\"assignment\":{\"jobId\":1,\"round\":4,\"task\":\"TRAIN\",\"planSha256\":\"p\","
                + "\"weightsSha256\":\"w\",\"deadline\":\"2026-11-26T10:15:30Z\",\"uploadPath\":\"/u\","
                + "\"settings\":{\"clipNorm\":2.0}},\"retryAfterSeconds\":null}";
        String evaluate = train.replace("TRAIN", "EVALUATE").replace("{\"clipNorm\":2.0}", "{}");
        assertThat(WireJson.read(train, CheckInResponse.class).assignment())
                .isEqualTo(new Assignment.Train(1, 4, "p", "w", Instant.parse("2026-11-26T10:15:30Z"), "/u",
                        Map.of("clipNorm", 2.0)));
        Assignment e = WireJson.read(evaluate, CheckInResponse.class).assignment();
        assertThat(e).isEqualTo(new Assignment.Evaluate(1, 4, "p", "w", Instant.parse("2026-11-26T10:15:30Z"), "/u"));
        assertThat(e.task()).isEqualTo(TaskKind.EVALUATE);
        assertThat(e.settings()).isEmpty();
        assertThat(WireJson.mapper().readTree(WireJson.write(CheckInResponse.of(e))))
                .isEqualTo(WireJson.mapper().readTree(evaluate));
    }

    @Test
    void aBundleAssignmentCarriesTheBundleAndItsSignature() {
        // Prepare
        BundleRef bundle = new BundleRef("c".repeat(64), "d".repeat(64), Map.of("labelSmoothing", 0.1));
        Assignment train = new Assignment.Train(2, 1, "a".repeat(64), "b".repeat(64), Instant.parse("2026-12-01T10:00:00Z"),
                "/u", Map.of(), bundle);
        Assignment evaluate = new Assignment.Evaluate(2, 1, "a".repeat(64), "b".repeat(64),
                Instant.parse("2026-12-01T10:00:00Z"), "/r", bundle);
        Assignment plain = new Assignment.Evaluate(2, 1, "a".repeat(64), "b".repeat(64),
                Instant.parse("2026-12-01T10:00:00Z"), "/r");

        // Execute
        String trainJson = WireJson.write(CheckInResponse.of(train));
        String evaluateJson = WireJson.write(CheckInResponse.of(evaluate));

        // Assert
        assertThat(trainJson).contains("\"bundle\":{\"sha256\":\"" + "c".repeat(64) + "\",\"signatureSha256\":\""
                + "d".repeat(64) + "\",\"settings\":{\"labelSmoothing\":0.1}}");
        assertThat(evaluateJson).contains("\"bundle\":{\"sha256\":\"" + "c".repeat(64));
        assertThat(WireJson.write(CheckInResponse.of(plain))).doesNotContain("bundle");
        assertThat(WireJson.read(trainJson, CheckInResponse.class).assignment()).isEqualTo(train);
        assertThat(WireJson.read(evaluateJson, CheckInResponse.class).assignment()).isEqualTo(evaluate);
    }

    @Test
    void aSignedPlanTravelsWithItsSignatureAndAnUnsignedOneWithoutTheMember() {
        // Prepare
        Instant due = Instant.parse("2026-12-02T10:00:00Z");
        Assignment train = new Assignment.Train(3, 1, "a".repeat(64), "b".repeat(64), due, "/u", Map.of(), null,
                "e".repeat(64));
        Assignment evaluate = new Assignment.Evaluate(3, 1, "a".repeat(64), "b".repeat(64), due, "/r", null,
                "e".repeat(64));
        Assignment unsigned = new Assignment.Train(3, 1, "a".repeat(64), "b".repeat(64), due, "/u", Map.of());

        // Execute
        String trainJson = WireJson.write(CheckInResponse.of(train));
        String evaluateJson = WireJson.write(CheckInResponse.of(evaluate));

        // Assert
        assertThat(trainJson).contains("\"planSignatureSha256\":\"" + "e".repeat(64) + "\"").doesNotContain("bundle");
        assertThat(evaluateJson).contains("\"planSignatureSha256\":\"" + "e".repeat(64) + "\"");
        assertThat(WireJson.write(CheckInResponse.of(unsigned))).doesNotContain("planSignature");
        assertThat(WireJson.read(trainJson, CheckInResponse.class).assignment()).isEqualTo(train);
        assertThat(WireJson.read(evaluateJson, CheckInResponse.class).assignment()).isEqualTo(evaluate);
        assertThat(new SecureAssignment.Keys(3, 1, "p", "w", due, "/k", "{}").planSignatureSha256()).isNull();
    }

    @Test
    void secureAggregationPhasesRoundTripWithTheirTaskAndMessage() {
        Instant due = Instant.parse("2026-11-26T10:15:30Z");
        String message = "{\"roundId\":\"job-1/round-2/attempt-1\"}";
        java.util.List<Assignment> phases = java.util.List.of(
                new SecureAssignment.Keys(1, 2, "p", "w", due, "/k", message),
                new SecureAssignment.Shares(1, 2, "p", "w", due, "/s", message),
                new SecureAssignment.Masked(1, 2, "p", "w", due, "/m", Map.of("clipNorm", 1.0), message),
                new SecureAssignment.Unmask(1, 2, "p", "w", due, "/u", message));
        for (Assignment a : phases) {
            String json = WireJson.write(CheckInResponse.of(a));
            assertThat(json).contains("\"task\":\"" + a.task().name() + "\"").doesNotContain("bundle");
            assertThat(WireJson.read(json, CheckInResponse.class).assignment()).isEqualTo(a);
        }
        assertThat(phases).extracting(Assignment::task).containsExactly(TaskKind.SECAGG_KEYS, TaskKind.SECAGG_SHARES,
                TaskKind.SECAGG_MASKED, TaskKind.SECAGG_UNMASK);
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
