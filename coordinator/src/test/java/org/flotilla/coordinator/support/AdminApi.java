package org.flotilla.coordinator.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import org.flotilla.model.codec.WeightsCodec;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator's side of the API, for tests. */
public final class AdminApi {

    private final URI base;
    private final String token;

    public AdminApi(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public URI base() {
        return base;
    }

    public HttpResponse<String> post(String path, Object body) {
        return Http.send(Http.request(base, path, Http.bearer(token)).header("Content-Type", "application/json")
                .POST(Http.json(body)).build());
    }

    public HttpResponse<String> getRaw(String path) {
        return Http.send(Http.request(base, path, Http.bearer(token)).GET().build());
    }

    public HttpResponse<byte[]> getBytes(String path) {
        return Http.sendBytes(Http.request(base, path, Http.bearer(token)).GET().build());
    }

    public JsonNode get(String path) {
        HttpResponse<String> r = getRaw(path);
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Http.parse(r.body());
    }

    /** Creates a job and returns its id. */
    public long createJob(Object request) {
        HttpResponse<String> r = post("/api/v1/jobs", request);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.parse(r.body()).get("id").asLong();
    }

    public JsonNode job(long id) {
        return get("/api/v1/jobs/" + id);
    }

    public JsonNode rounds(long id) {
        return get("/api/v1/jobs/" + id + "/rounds");
    }

    public JsonNode round(long id, int n) {
        return get("/api/v1/jobs/" + id + "/rounds/" + n);
    }

    /** The global model after {@code round} (0 = initial, null = latest) as raw floats. */
    public float[] rawModel(long jobId, Integer round) {
        HttpResponse<byte[]> r = getBytes("/api/v1/jobs/" + jobId + "/model?format=raw" + (round == null ? "" : "&round=" + round));
        assertThat(r.statusCode()).isEqualTo(200);
        return WeightsCodec.decode(r.body());
    }

    /** Waits until the job satisfies {@code condition}; returns it. */
    public JsonNode awaitJob(long id, Duration max, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(max).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = job(id);
            return condition.test(last[0]);
        });
        return last[0];
    }

    public JsonNode awaitCompletedRounds(long id, int rounds) {
        return awaitJob(id, Duration.ofSeconds(30), j -> j.get("completedRounds").asInt() >= rounds);
    }
}
