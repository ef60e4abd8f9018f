package org.flotilla.crash;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.flotilla.demo.federation.CoordinatorApi;
import org.flotilla.model.json.WireJson;
import tools.jackson.databind.JsonNode;

/** What an operator can read: the demo's {@link CoordinatorApi} plus artifacts and the client registry. */
public final class AdminView {

    private final Wire wire;
    private final String adminToken;
    private volatile CoordinatorApi api;

    public AdminView(Wire wire, String adminToken) {
        this.wire = wire;
        this.adminToken = adminToken;
    }

    /** The operators' API of the current incarnation. */
    public void bind(CoordinatorApi api) {
        this.api = api;
    }

    public CoordinatorApi api() {
        return api;
    }

    public JsonNode job(long id) throws IOException, InterruptedException {
        return api.job(id);
    }

    public JsonNode rounds(long job) throws IOException, InterruptedException {
        return api.rounds(job);
    }

    public JsonNode round(long job, int round) throws IOException, InterruptedException {
        return api.round(job, round);
    }

    /** The latest attempt's summary of a round, or null while it does not exist. */
    public JsonNode latestAttempt(long job, int round) throws IOException, InterruptedException {
        JsonNode found = null;
        for (JsonNode r : rounds(job)) {
            if (r.path("round").asInt() == round && (found == null || r.path("attempt").asInt() > found.path("attempt").asInt())) {
                found = r;
            }
        }
        return found;
    }

    public JsonNode clients() throws IOException, InterruptedException {
        HttpResponse<String> r = wire.send(wire.request("/api/v1/clients", Wire.bearer(adminToken)).GET().build());
        Device.expect(r, 200, "the client registry");
        return WireJson.mapper().readTree(r.body());
    }

    /** {@code POST /api/v1/enrolment-tokens}: a new operator-created enrolment token (its answer shows the token once). */
    public JsonNode createEnrolmentToken(String name, int quota) throws IOException, InterruptedException {
        String body = WireJson.mapper().createObjectNode().put("name", name).put("quota", quota).toString();
        HttpResponse<String> r = wire.send(wire.request("/api/v1/enrolment-tokens", Wire.bearer(adminToken))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build());
        Device.expect(r, 201, "creation of enrolment token " + name);
        return WireJson.mapper().readTree(r.body());
    }

    /** {@code GET /api/v1/enrolment-tokens}: every operator-created token with its use count. */
    public JsonNode enrolmentTokens() throws IOException, InterruptedException {
        HttpResponse<String> r = wire.send(wire.request("/api/v1/enrolment-tokens", Wire.bearer(adminToken)).GET().build());
        Device.expect(r, 200, "the enrolment tokens");
        return WireJson.mapper().readTree(r.body());
    }

    /** {@code GET /api/v1/artifacts/{sha}} as the operator: the status and the bytes. */
    public HttpResponse<byte[]> artifact(String sha256) throws IOException, InterruptedException {
        return wire.sendBytes(wire.request("/api/v1/artifacts/" + sha256, Wire.bearer(adminToken)).GET().build());
    }
}
