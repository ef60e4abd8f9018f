package org.flotilla.coordinator.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.JobJson;
import org.flotilla.coordinator.support.PublisherKeyFiles;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.flotilla.coordinator.support.Blobs;
import org.flotilla.model.bundle.BundleSpi;
import org.flotilla.model.codec.Sha256;
import org.flotilla.model.signing.SigningKey;
import org.flotilla.model.wire.Assignment;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading a bundle and its signature over real HTTP, the checks at job creation against the
 * configured publisher key, and the bundle named in assignments and downloadable by clients.
 */
class BundleUploadTest extends IntegrationTest {

    private static final SigningKey PUBLISHER = SigningKey.generate();
    private static final SigningKey STRANGER = SigningKey.generate();
    private static final long MAX_BYTES = 64 * 1024;

    @DynamicPropertySource
    static void publisherKeys(DynamicPropertyRegistry registry) {
        registry.add("flotilla.bundles.publisher-keys", () -> PublisherKeyFiles.pem(PUBLISHER));
        registry.add("flotilla.bundles.max-bytes", () -> MAX_BYTES + "B");
    }

    static byte[] bundleJar(String name, String filler) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes)) {
            jar.putNextEntry(new JarEntry(BundleSpi.MANIFEST_ENTRY));
            jar.write(("{\"name\":\"" + name + "\",\"version\":\"1.2.0\",\"entryClass\":\"org.example.Program\","
                    + "\"spiVersion\":1,\"resources\":{\"heapMegabytes\":256,\"workers\":2}}").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
            jar.putNextEntry(new JarEntry("filler.txt"));
            jar.write(filler.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    HttpResponse<String> upload(byte[] jar) {
        return Http.send(Http.request(base(), "/api/v1/bundles", Http.bearer(ADMIN_TOKEN))
                .header("Content-Type", "application/java-archive")
                .POST(HttpRequest.BodyPublishers.ofByteArray(jar)).build());
    }

    HttpResponse<String> sign(String sha256, byte[] signature) {
        return Http.send(Http.request(base(), "/api/v1/bundles/" + sha256 + "/signature", Http.bearer(ADMIN_TOKEN))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(signature)).build());
    }

    @Test
    void aSignedBundleIsStoredDescribedCheckedAtJobCreationAndNamedInAssignments() {
        // Prepare
        byte[] jar = bundleJar("augment", "a");
        String sha = Sha256.of(jar);

        // Execute
        HttpResponse<String> uploaded = upload(jar);
        HttpResponse<String> unsignedJob = admin().post("/api/v1/jobs", JobJson.of("bundle", Map.of("sha256", sha)));
        HttpResponse<String> signed = sign(sha, PUBLISHER.sign(sha).toJson());
        long jobId = admin().createJob(JobJson.of("bundle", Map.of("sha256", sha, "settings", Map.of("shift", 2.0)),
                "clientsPerRound", 1, "minClients", 1));
        TestEdgeClient device = enrol("device-1", Blobs.sample(40, 1));
        Assignment assignment = device.awaitAssignment(java.time.Duration.ofSeconds(30));

        // Assert
        assertThat(uploaded.statusCode()).as(uploaded.body()).isEqualTo(201);
        JsonNode bundle = Http.parse(uploaded.body());
        assertThat(bundle.get("sha256").asString()).isEqualTo(sha);
        assertThat(bundle.get("name").asString()).isEqualTo("augment");
        assertThat(bundle.get("version").asString()).isEqualTo("1.2.0");
        assertThat(bundle.get("signatureSha256").isNull()).isTrue();
        assertThat(unsignedJob.statusCode()).isEqualTo(400);
        assertThat(Http.parse(unsignedJob.body()).get("field").asString()).isEqualTo("bundle.sha256");
        assertThat(signed.statusCode()).as(signed.body()).isEqualTo(200);
        assertThat(Http.parse(signed.body()).get("publisherKeyId").asString()).isEqualTo(PUBLISHER.id().hex());

        JsonNode job = admin().job(jobId).get("bundle");
        assertThat(job.get("sha256").asString()).isEqualTo(sha);
        assertThat(job.get("name").asString()).isEqualTo("augment");
        assertThat(job.get("version").asString()).isEqualTo("1.2.0");
        assertThat(job.get("publisherKeyId").asString()).isEqualTo(PUBLISHER.id().hex());

        assertThat(assignment.bundle()).isNotNull();
        assertThat(assignment.bundle().sha256()).isEqualTo(sha);
        assertThat(assignment.bundle().settings()).containsEntry("shift", 2.0);
        assertThat(device.fetch(sha)).isEqualTo(jar);
        assertThat(new String(device.fetch(assignment.bundle().signatureSha256()), StandardCharsets.UTF_8))
                .contains(PUBLISHER.id().hex()).contains(sha);
    }

    @Test
    void aBundleSignedByAKeyTheCoordinatorDoesNotTrustIsRefusedAtJobCreation() {
        // Prepare
        byte[] jar = bundleJar("stranger", "b");
        String sha = Sha256.of(jar);
        upload(jar);
        sign(sha, STRANGER.sign(sha).toJson());

        // Execute
        HttpResponse<String> r = admin().post("/api/v1/jobs", JobJson.of("bundle", Map.of("sha256", sha)));

        // Assert
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Http.parse(r.body()).get("field").asString()).isEqualTo("bundle.sha256");
        assertThat(Http.parse(r.body()).get("detail").asString()).contains(STRANGER.id().hex());
    }

    @Test
    void limitsAndMalformedInputAreProblemsNamingTheField() {
        // Prepare
        byte[] big = bundleJar("big", "x".repeat(10)) ;
        byte[] tooLarge = new byte[(int) MAX_BYTES + 1];
        System.arraycopy(big, 0, tooLarge, 0, big.length);
        byte[] notAJar = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] jar = bundleJar("other", "c");
        String sha = Sha256.of(jar);
        upload(jar);

        // Execute
        HttpResponse<String> large = upload(tooLarge);
        HttpResponse<String> garbage = upload(notAJar);
        HttpResponse<String> wrongHash = sign(sha, PUBLISHER.sign(Sha256.of(notAJar)).toJson());
        HttpResponse<String> badSig = sign(sha, "{\"format\":\"nope\"}".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> unknown = sign("0".repeat(64), PUBLISHER.sign("0".repeat(64)).toJson());

        // Assert
        assertThat(large.statusCode()).isEqualTo(413);
        assertThat(Http.parse(large.body()).get("limit").asString()).isEqualTo("at most " + MAX_BYTES + " bytes");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(Http.parse(garbage.body()).get("field").asString()).isEqualTo("body");
        assertThat(wrongHash.statusCode()).isEqualTo(400);
        assertThat(Http.parse(wrongHash.body()).get("field").asString()).isEqualTo("sha256");
        assertThat(badSig.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(admin().get("/api/v1/bundles/" + sha).get("signatureSha256").isNull()).isTrue();
    }
}
