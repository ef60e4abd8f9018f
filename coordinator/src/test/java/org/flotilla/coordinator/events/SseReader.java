package org.flotilla.coordinator.events;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.flotilla.coordinator.support.Http;
import tools.jackson.databind.JsonNode;

/**
 * A {@code text/event-stream} consumer for tests, over a real HTTP connection: a virtual thread
 * parses the stream as the SSE specification says (fields up to the blank line that dispatches an
 * event; comment lines counted) into a queue the test reads with a timeout.
 */
final class SseReader implements AutoCloseable {

    /** One dispatched event, or the end of the stream ({@code type} null). */
    record Event(String id, String type, JsonNode data) {

        boolean isEnd() {
            return type == null;
        }
    }

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private volatile int comments;

    private SseReader(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread.ofVirtual().start(this::read);
        }
    }

    static SseReader open(URI base, String path, String token, String lastEventId) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).header("Accept", "text/event-stream")
                .header("Authorization", Http.bearer(token));
        if (lastEventId != null) {
            b.header("Last-Event-ID", lastEventId);
        }
        return new SseReader(CLIENT.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    HttpResponse<InputStream> response() {
        return response;
    }

    String body() throws IOException {
        return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }

    int comments() {
        return comments;
    }

    /** The next event within {@code max}; fails the test when none came. */
    Event next(Duration max) throws InterruptedException {
        Event e = events.poll(max.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no event within " + max);
        }
        return e;
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String type = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (!data.isEmpty()) {
                        events.add(new Event(id, type == null ? "message" : type, Http.parse(data.toString())));
                    }
                    id = null;
                    type = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    type = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException closed) {
            // closed by the test
        } finally {
            events.add(new Event(null, null, null));
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
