package org.flotilla.operator.support;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The operator API as the tests read it to check what the command line and the console show. */
public final class Admin {

    private final URI base;
    private final String token;

    Admin(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    public JsonNode get(String path) {
        HttpResponse<String> r = Http.send(Http.request(base, path, Http.bearer(token)).GET().build());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return Http.parse(r.body());
    }

    /** Creates a job and returns its id. */
    public long createJob(Object request) {
        HttpResponse<String> r = Http.send(Http.request(base, "/api/v1/jobs", Http.bearer(token))
                .header("Content-Type", "application/json").POST(Http.json(request)).build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return Http.parse(r.body()).get("id").asLong();
    }

    public JsonNode job(long id) {
        return get("/api/v1/jobs/" + id);
    }

    public JsonNode rounds(long id) {
        return get("/api/v1/jobs/" + id + "/rounds");
    }

    /** Waits until the job satisfies {@code condition}. */
    public JsonNode awaitJob(long id, Duration max, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(max).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = job(id);
            return condition.test(last[0]);
        });
        return last[0];
    }

    public JsonNode awaitCompletedRounds(long id, int rounds) {
        return awaitJob(id, Duration.ofSeconds(60), j -> j.get("completedRounds").asInt() >= rounds);
    }
}
