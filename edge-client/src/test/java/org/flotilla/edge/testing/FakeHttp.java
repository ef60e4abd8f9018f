package org.flotilla.edge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;
import org.flotilla.model.json.WireJson;

/** HTTP plumbing of {@link FakeCoordinator}: answers, problem+json, Basic authentication. */
final class FakeHttp {

    private FakeHttp() {
    }

    /** The client id of valid Basic credentials, else null. */
    static String authenticate(HttpExchange ex, Map<String, String> secrets) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Basic ")) {
            return null;
        }
        String[] pair = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2);
        return pair.length == 2 && pair[1].equals(secrets.get(pair[0])) ? pair[0] : null;
    }

    static void problem(HttpExchange ex, int status, String detail) throws IOException {
        String json = WireJson.write(Map.of("type", "about:blank", "title", "error " + status, "status", status,
                "detail", detail));
        send(ex, status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        if (type != null) {
            ex.getResponseHeaders().add("Content-Type", type);
        }
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }
}
