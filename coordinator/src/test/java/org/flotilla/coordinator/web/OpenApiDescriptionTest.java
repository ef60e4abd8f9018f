package org.flotilla.coordinator.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API explains itself: {@code /v3/api-docs} as a client written from it alone needs it. Every
 * operation has a summary, a stable operation id, a group, its real success code and its security;
 * every schema field has a description; errors are problem+json with the protocol's members. A
 * new endpoint or field without a description fails this test.
 */
class OpenApiDescriptionTest extends IntegrationTest {

    private static final Set<String> GROUPS = Set.of("Jobs", "Rounds", "Clients", "Artifacts", "Devices", "Events");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private JsonNode api;

    @BeforeEach
    void read() throws java.io.IOException {
        var r = Http.send(Http.request(base(), "/v3/api-docs", null).GET().build());
        assertThat(r.statusCode()).isEqualTo(200);
        api = Http.parse(r.body());
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "openapi.json"), r.body()); // to read when it fails
    }

    @Test
    void everyOperationHasASummaryAStableIdAGroupASuccessCodeAndItsSecurity() {
        List<String> missing = new ArrayList<>();
        Set<String> ids = new java.util.HashSet<>();
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                String where = op.getKey().toUpperCase() + " " + path.getKey();
                JsonNode o = op.getValue();
                if (text(o, "summary").isBlank()) {
                    missing.add(where + ": no summary");
                }
                String id = text(o, "operationId");
                if (id.isBlank() || id.matches(".*_\\d+$") || !ids.add(id)) {
                    missing.add(where + ": operationId '" + id + "' is missing, generated or repeated");
                }
                if (o.get("tags") == null || o.get("tags").isEmpty() || !GROUPS.contains(o.get("tags").get(0).asString())) {
                    missing.add(where + ": not in one of the groups " + GROUPS);
                }
                if (o.get("security") == null) {
                    missing.add(where + ": no security of its own");
                }
                JsonNode responses = o.get("responses");
                boolean success = false;
                for (Map.Entry<String, JsonNode> r : responses.properties()) {
                    success |= r.getKey().startsWith("2");
                    if (text(r.getValue(), "description").isBlank()) {
                        missing.add(where + ": response " + r.getKey() + " undescribed");
                    }
                    if (r.getValue().has("content") && r.getValue().get("content").has("*/*")) {
                        missing.add(where + ": response " + r.getKey() + " has media type */*");
                    }
                    if (r.getKey().matches("[45]\\d\\d") && !r.getValue().path("content").has("application/problem+json")) {
                        missing.add(where + ": error " + r.getKey() + " is not application/problem+json");
                    }
                }
                if (!success) {
                    missing.add(where + ": no success response");
                }
                if (o.has("requestBody") && text(o.get("requestBody"), "description").isBlank()) {
                    missing.add(where + ": request body undescribed");
                }
                for (JsonNode p : o.path("parameters")) {
                    if (text(p, "description").isBlank()) {
                        missing.add(where + ": parameter " + text(p, "name") + " undescribed");
                    }
                }
            }
        }
        assertThat(missing).as(String.join("\n", missing)).isEmpty();
    }

    @Test
    void everySchemaFieldHasADescription() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<String, JsonNode> schema : api.path("components").path("schemas").properties()) {
            for (Map.Entry<String, JsonNode> field : schema.getValue().path("properties").properties()) {
                if (text(field.getValue(), "description").isBlank()) {
                    missing.add(schema.getKey() + "." + field.getKey());
                }
            }
        }
        assertThat(missing).as("fields without a description:\n" + String.join("\n", missing)).isEmpty();
    }

    @Test
    void aRoundSummarySaysWhetherItsServerSideEvaluationIsPending() {
        JsonNode pending = api.path("components").path("schemas").path("RoundSummary").path("properties")
                .path("pendingEvaluation");
        assertThat(pending.path("type").asString()).isEqualTo("boolean");
        assertThat(pending.path("description").asString()).contains("server-side evaluation");
    }

    @Test
    void theSuccessCodesAreTheOnesTheServerAnswers() {
        JsonNode paths = api.get("paths");
        assertThat(paths.get("/api/v1/jobs").get("post").get("responses").has("201")).isTrue();
        assertThat(paths.get("/api/v1/jobs").get("post").get("requestBody").get("content").get("application/json")
                .get("example").get("strategy").get("name").asString()).isEqualTo("fedavg");
        assertThat(paths.get("/api/v1/jobs/{jobId}/rounds/{round}/updates/{clientId}").get("put").get("responses")
                .properties()).extracting(Map.Entry::getKey).contains("201", "200");
        assertThat(paths.get("/api/v1/jobs/{jobId}/rounds/{round}/evaluations/{clientId}").get("post").get("responses")
                .has("201")).isTrue();
        assertThat(paths.get("/api/v1/jobs/{jobId}/rounds/{round}/declines/{clientId}").get("post").get("responses")
                .has("204")).isTrue();
        assertThat(paths.get("/api/v1/bundles").get("post").get("requestBody").get("content").has("application/java-archive"))
                .as("the streamed bundle body is described").isTrue();
        assertThat(paths.get("/api/v1/bundles/{sha256}/signature").get("put").get("requestBody").get("content")
                .has("application/json")).isTrue();
        assertThat(paths.get("/api/v1/plans").get("post").get("responses").has("200")).isTrue();
    }

    @Test
    void theExamplesAreRequestsTheServerAccepts() {
        JsonNode paths = api.get("paths");
        JsonNode job = paths.get("/api/v1/jobs").get("post").get("requestBody").get("content").get("application/json")
                .get("example");
        JsonNode device = paths.get("/api/v1/clients/enrol").get("post").get("requestBody").get("content")
                .get("application/json").get("example");

        var created = admin().post("/api/v1/jobs", job.toString());
        var enrolled = Http.send(Http.request(base(), "/api/v1/clients/enrol", Http.bearer(ENROLMENT_TOKEN))
                .header("Content-Type", "application/json").POST(Http.json(device.toString())).build());

        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(enrolled.statusCode()).as(enrolled.body()).isEqualTo(201);
        admin().post("/api/v1/jobs/" + Http.parse(created.body()).get("id").asLong() + "/cancel", "");
    }

    @Test
    void errorsAreProblemsWithTheProtocolsMembersAndBothSchemesCanBeAuthorized() {
        JsonNode problem = api.path("components").path("schemas").path("Problem").path("properties");
        assertThat(problem.propertyNames()).contains("type", "title", "status", "detail", "reason", "field", "limit");
        JsonNode schemes = api.path("components").path("securitySchemes");
        assertThat(schemes.path("admin").path("scheme").asString()).isEqualTo("bearer");
        assertThat(schemes.path("client").path("scheme").asString()).isEqualTo("basic");
        assertThat(api.has("security")).as("no global security entry").isFalse();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? "" : v.asString();
    }
}
