package org.flotilla.coordinator.hostile;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.Assignment;
import org.flotilla.model.wire.EnrolRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile devices: identities. Operator-created enrolment tokens mint at most their quota and
 * stop working when revoked; a revoked client gets 401 on every call and its open assignment is
 * dropped, and its round completes with the other client; a client downloads only the artifacts of
 * jobs it was assigned to.
 */
class RevocationAndEnrolmentTokensTest extends IntegrationTest {

    @Test
    void aTokenMintsAtMostItsQuotaAndNothingOnceRevoked() {
        JsonNode token = Http.parse(admin().post("/api/v1/enrolment-tokens",
                Map.of("name", "batch 7", "quota", 2, "expiresAt", Instant.now().plusSeconds(3600).toString())).body());
        String secret = token.get("token").asString();

        TestEdgeClient.enrol(base(), secret, "batch-7-a", Blobs.sample(10, 31));
        TestEdgeClient.enrol(base(), secret, "batch-7-b", Blobs.sample(10, 32));
        assertThat(enrolWith(secret).statusCode()).isEqualTo(401);

        JsonNode listed = Http.parse(admin().getRaw("/api/v1/enrolment-tokens").body()).get(0);
        assertThat(listed.get("used").asInt()).isEqualTo(2);
        assertThat(listed.get("token").isNull()).isTrue();

        String other = Http.parse(admin().post("/api/v1/enrolment-tokens", Map.of("name", "revoked soon")).body())
                .get("token").asString();
        long otherId = Http.parse(admin().getRaw("/api/v1/enrolment-tokens").body()).get(0).get("id").asLong();
        assertThat(admin().post("/api/v1/enrolment-tokens/" + otherId + "/revoke", Map.of()).statusCode()).isEqualTo(200);
        assertThat(enrolWith(other).statusCode()).isEqualTo(401);
        assertThat(enrolWith(ENROLMENT_TOKEN).statusCode()).isEqualTo(201); // the configured token stays

        HttpResponse<String> past = admin().post("/api/v1/enrolment-tokens",
                Map.of("name", "stale", "expiresAt", Instant.now().minusSeconds(5).toString()));
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(Http.parse(past.body()).get("field").asString()).isEqualTo("expiresAt");
    }

    @Test
    void aRevokedClientGets401EverywhereAndItsRoundCompletesWithoutIt() {
        TestEdgeClient revoked = enrol("to-revoke", Blobs.sample(60, 33));
        TestEdgeClient other = enrol("other", Blobs.sample(60, 34));
        // one update wanted of two assigned clients: the round can complete without the revoked one
        long job = admin().createJob(JobJson.of("rounds", 1, "clientsPerRound", 1, "minClients", 1, "overSelection", 2.0));
        Assignment held = revoked.awaitAssignment(Duration.ofSeconds(10));
        Assignment taken = other.awaitAssignment(Duration.ofSeconds(10));
        TestEdgeClient.Trained trained = revoked.train(held);
        TestEdgeClient outsider = enrol("outsider", Blobs.sample(60, 35));

        HttpResponse<String> revocation = admin().post("/api/v1/clients/" + revoked.id() + "/revoke", Map.of());

        assertThat(revocation.statusCode()).as(revocation.body()).isEqualTo(200);
        assertThat(Http.parse(revocation.body()).get("droppedAssignments").asInt()).isEqualTo(1);
        assertThat(revoked.checkInRaw(revoked.id(), 0).statusCode()).isEqualTo(401);
        assertThat(revoked.upload(trained).statusCode()).isEqualTo(401);
        assertThat(revoked.get(ProtocolPaths.artifact(held.planSha256())).statusCode()).isEqualTo(401);
        assertThat(admin().post("/api/v1/clients/c-0000000000000000/revoke", Map.of()).statusCode()).isEqualTo(404);
        JsonNode registry = admin().get("/api/v1/clients");
        registry.forEach(c -> {
            if (c.get("id").asString().equals(revoked.id())) {
                assertThat(c.get("status").asString()).isEqualTo("REVOKED");
                assertThat(c.get("revokedAt").isNull()).isFalse();
            } else {
                assertThat(c.get("status").asString()).isNotEqualTo("REVOKED");
                assertThat(c.get("revokedAt") == null || c.get("revokedAt").isNull()).isTrue();
            }
        });
        assertThat(registry.toString()).contains(revoked.id());

        assertThat(outsider.get(ProtocolPaths.artifact(held.planSha256())).statusCode()).isEqualTo(404);
        assertThat(other.get(ProtocolPaths.artifact(taken.planSha256())).statusCode()).isEqualTo(200);
        assertThat(other.upload(other.train(taken)).statusCode()).isEqualTo(201);
        admin().awaitJob(job, Duration.ofSeconds(20), j -> j.get("state").asString().equals("COMPLETED"));
        JsonNode participants = admin().round(job, 1).get("attempts").get(0).get("participants");
        assertThat(participants.toString()).contains("DROPPED").contains("the operator revoked this client");
    }

    private HttpResponse<String> enrolWith(String token) {
        return Http.send(Http.request(base(), ProtocolPaths.ENROL, Http.bearer(token)).header("Content-Type", "application/json")
                .POST(Http.json(new EnrolRequest("late", 2, "linux-x86_64", 10))).build());
    }
}
