package org.flotilla.coordinator.job;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.PublisherKeyFiles;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.signing.SignatureVerifier;
import org.flotilla.model.signing.SigningKey;
import org.flotilla.model.signing.TrustedKeys;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed declarative plans over real HTTP: {@code POST /api/v1/plans} answers the plan's bytes as
 * job creation stores them; a signature over them is checked at job creation against the configured
 * publisher key, shown with the job, relayed in assignments and downloadable by assigned clients
 * only; a signature for another plan, by another key, with a flipped bit or malformed is refused
 * with 400 naming the field, and no job is made.
 */
class SignedPlanTest extends IntegrationTest {

    private static final SigningKey PUBLISHER = SigningKey.generate();
    private static final SigningKey STRANGER = SigningKey.generate();

    @DynamicPropertySource
    static void publisherKeys(DynamicPropertyRegistry registry) {
        registry.add("flotilla.bundles.publisher-keys", () -> PublisherKeyFiles.pem(PUBLISHER));
    }

    /** The plan bytes the coordinator answers for {@code request}, and their hash. */
    private String planSha(Map<String, Object> request) {
        HttpResponse<String> plan = admin().post("/api/v1/plans", request);
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        String sha = Sha256.of(plan.body().getBytes(StandardCharsets.UTF_8));
        assertThat(plan.headers().firstValue("ETag")).contains("\"" + sha + "\"");
        return sha;
    }

    private static Map<String, Object> document(SigningKey key, String sha) {
        return WireJson.mapper().readValue(key.sign(sha).toJson(), new TypeReference<LinkedHashMap<String, Object>>() {
        });
    }

    private static Map<String, Object> with(Map<String, Object> request, Map<String, Object> signature) {
        Map<String, Object> r = new LinkedHashMap<>(request);
        r.put("planSignature", signature);
        return r;
    }

    @Test
    void aPlanSignedOverTheBytesOfPostPlansIsCheckedShownAndRelayedToAssignedClientsOnly() {
        // Prepare
        Map<String, Object> request = JobJson.of("name", "signed plan", "rounds", 1, "clientsPerRound", 1, "minClients", 1);
        String planSha = planSha(request);
        TestEdgeClient stranger = enrol("not-assigned", Blobs.sample(40, 2));

        // Execute
        long id = admin().createJob(with(request, document(PUBLISHER, planSha)));
        TestEdgeClient device = enrol("device-1", Blobs.sample(40, 1));
        Assignment assignment = device.awaitAssignment(Duration.ofSeconds(30));

        // Assert
        JsonNode job = admin().job(id);
        assertThat(job.get("planSha256").asString()).as("the signed bytes are the stored plan").isEqualTo(planSha);
        assertThat(job.get("planSignature").get("publisherKeyId").asString()).isEqualTo(PUBLISHER.id().hex());
        String signatureSha = job.get("planSignature").get("signatureSha256").asString();
        assertThat(assignment.planSha256()).isEqualTo(planSha);
        assertThat(assignment.planSignatureSha256()).isEqualTo(signatureSha);
        byte[] relayed = device.fetch(signatureSha);
        assertThat(new SignatureVerifier(TrustedKeys.of(PUBLISHER.publisherKey())).verify(planSha, Optional.of(relayed))
                .isTrusted()).as("a device verifies the relayed document").isTrue();
        assertThat(stranger.get("/api/v1/artifacts/" + signatureSha).statusCode())
                .as("a client never assigned the job").isIn(403, 404);
    }

    @Test
    void signaturesThatDoNotMakeThePlanTrustedAreRefusedNamingTheField() {
        // Prepare
        Map<String, Object> request = JobJson.of("name", "refused plan", "seed", 7);
        String planSha = planSha(request);
        String otherPlan = planSha(JobJson.of("name", "refused plan", "seed", 8));
        Map<String, Object> flipped = document(PUBLISHER, planSha);
        byte[] bits = Base64.getDecoder().decode((String) flipped.get("signature"));
        bits[10] ^= 1;
        flipped.put("signature", Base64.getEncoder().encodeToString(bits));
        Map<String, Object> malformed = document(PUBLISHER, planSha);
        malformed.put("algorithm", "RSA");
        int jobsBefore = admin().get("/api/v1/jobs").size();

        // Execute
        HttpResponse<String> forOtherPlan = admin().post("/api/v1/jobs", with(request, document(PUBLISHER, otherPlan)));
        HttpResponse<String> byStranger = admin().post("/api/v1/jobs", with(request, document(STRANGER, planSha)));
        HttpResponse<String> bitFlipped = admin().post("/api/v1/jobs", with(request, flipped));
        HttpResponse<String> notADocument = admin().post("/api/v1/jobs", with(request, malformed));

        // Assert
        assertThat(forOtherPlan.statusCode()).isEqualTo(400);
        assertThat(Http.parse(forOtherPlan.body()).get("field").asString()).isEqualTo("planSignature.sha256");
        assertThat(Http.parse(forOtherPlan.body()).get("detail").asString()).contains(otherPlan).contains(planSha);
        assertThat(byStranger.statusCode()).isEqualTo(400);
        assertThat(Http.parse(byStranger.body()).get("field").asString()).isEqualTo("planSignature");
        assertThat(Http.parse(byStranger.body()).get("detail").asString()).contains(STRANGER.id().hex());
        assertThat(bitFlipped.statusCode()).isEqualTo(400);
        assertThat(Http.parse(bitFlipped.body()).get("field").asString()).isEqualTo("planSignature");
        assertThat(notADocument.statusCode()).isEqualTo(400);
        assertThat(notADocument.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Http.parse(notADocument.body()).get("field").asString()).isEqualTo("planSignature");
        assertThat(admin().get("/api/v1/jobs").size()).as("no job was made").isEqualTo(jobsBefore);
    }
}
