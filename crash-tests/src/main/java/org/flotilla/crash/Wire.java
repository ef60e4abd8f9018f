package org.flotilla.crash;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * HTTP to the coordinator under test. A new client per incarnation ({@link #renew()}): pooled
 * connections to a killed process would fail the next request.
 */
public final class Wire {

    private final URI base;
    private volatile HttpClient http;

    public Wire(URI base) {
        this.base = base;
        renew();
    }

    public URI base() {
        return base;
    }

    /** Forgets every pooled connection; called after each restart. */
    public void renew() {
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1).build();
    }

    public HttpRequest.Builder request(String path, String authorization) {
        return HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    public HttpResponse<String> send(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<byte[]> sendBytes(HttpRequest r) throws IOException, InterruptedException {
        return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    public static String basic(String id, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((id + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
