package org.flotilla.demo.federation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import org.flotilla.model.json.WireJson;
import tools.jackson.databind.JsonNode;

/** The operators' REST API of a coordinator, as the demo and the benchmark use it. */
public final class CoordinatorApi {

    private final HttpClient http;
    private final URI base;
    private final String adminToken;

    public CoordinatorApi(URI base, String adminToken) {
        this(base, adminToken, null);
    }

    /** Over HTTPS with {@code tls}'s trust (e.g. a private CA), or the JVM's default when it is null. */
    public CoordinatorApi(URI base, String adminToken, SSLContext tls) {
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        this.http = (tls == null ? b : b.sslContext(tls)).build();
        this.base = base;
        this.adminToken = adminToken;
    }

    public URI base() {
        return base;
    }

    /** True when {@code /actuator/health} answers UP. */
    public boolean isHealthy() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/actuator/health"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@code POST /api/v1/jobs}; returns the created job. */
    public JsonNode createJob(String jobJson) throws IOException, InterruptedException {
        return send(request("/api/v1/jobs").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(jobJson)).build(), 201);
    }

    public JsonNode job(long id) throws IOException, InterruptedException {
        return send(request("/api/v1/jobs/" + id).GET().build(), 200);
    }

    /** {@code GET /api/v1/jobs}: every job. */
    public JsonNode jobs() throws IOException, InterruptedException {
        return send(request("/api/v1/jobs").GET().build(), 200);
    }

    /** The global weights after {@code round} (0: the initial ones) in Flotilla's binary format. */
    public byte[] rawWeights(long jobId, int round) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = http.send(request("/api/v1/jobs/" + jobId + "/model?format=raw&round=" + round)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException("GET the raw model of job " + jobId + " round " + round + " answered HTTP "
                    + r.statusCode());
        }
        return r.body();
    }

    /** {@code GET /api/v1/clients}: every enrolled client. */
    public JsonNode clients() throws IOException, InterruptedException {
        return send(request("/api/v1/clients").GET().build(), 200);
    }

    public JsonNode rounds(long jobId) throws IOException, InterruptedException {
        return send(request("/api/v1/jobs/" + jobId + "/rounds").GET().build(), 200);
    }

    public JsonNode round(long jobId, int round) throws IOException, InterruptedException {
        return send(request("/api/v1/jobs/" + jobId + "/rounds/" + round).GET().build(), 200);
    }

    public JsonNode cancel(long jobId) throws IOException, InterruptedException {
        return send(request("/api/v1/jobs/" + jobId + "/cancel").POST(HttpRequest.BodyPublishers.noBody()).build(), 200);
    }

    /** Downloads the latest global model in DL4J's format to {@code target} (atomically). */
    public Path downloadModel(long jobId, Path target) throws IOException, InterruptedException {
        Path tmp = target.resolveSibling(target.getFileName() + ".part");
        HttpResponse<Path> r = http.send(request("/api/v1/jobs/" + jobId + "/model").GET().build(),
                HttpResponse.BodyHandlers.ofFile(tmp));
        if (r.statusCode() != 200) {
            Files.deleteIfExists(tmp);
            throw new IOException("downloading the model answered HTTP " + r.statusCode());
        }
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + adminToken).header("Accept", "application/json");
    }

    private JsonNode send(HttpRequest request, int expected) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IOException(request.method() + " " + request.uri().getPath() + " answered HTTP "
                    + r.statusCode() + ": " + r.body());
        }
        return WireJson.mapper().readTree(r.body());
    }
}
