package org.flotilla.coordinator.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;
import org.springframework.boot.jetty.ForwardHeadersCustomizer;
import org.springframework.boot.jetty.JettyWebServer;
import org.springframework.boot.jetty.servlet.JettyServletWebServerFactory;

class ServerConnectionsTest {

    private static final byte[] BODY = new byte[700_000];

    static {
        new Random(17).nextBytes(BODY);
    }

    /** Streams BODY back for GET (no length set: chunked), and answers a POST with the SHA-256 of its body. */
    static final class Echo extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
            resp.setContentType("application/octet-stream");
            var out = resp.getOutputStream();
            for (int i = 0; i < BODY.length; i += 8192) {
                out.write(BODY, i, Math.min(8192, BODY.length - i));
            }
        }

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) throws java.io.IOException {
            resp.setContentType("text/plain");
            resp.getWriter().write(sha256(req.getInputStream().readAllBytes()));
        }
    }

    @Test
    void theSettingsReachTheConnectorForwardingIsRestrictedAndLargeBodiesPassBothWays() throws Exception {
        // Prepare: Spring Boot's own forwarded-headers customizer first, as server.forward-headers-strategy=native adds it
        JettyServletWebServerFactory factory = new JettyServletWebServerFactory(0);
        factory.addServerCustomizers(new ForwardHeadersCustomizer());
        new ServerConnections(new ConnectionSettings(0, 777, Duration.ofSeconds(75)), Duration.ofSeconds(30)).customize(factory);
        JettyWebServer server = (JettyWebServer) factory.getWebServer(ctx -> ctx.addServlet("echo", new Echo()).addMapping("/echo"));
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/echo");

            // Act
            HttpResponse<byte[]> got = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(),
                    HttpResponse.BodyHandlers.ofString());

            // Assert
            ServerConnector connector = (ServerConnector) server.getServer().getConnectors()[0];
            HttpConfiguration configuration = connector.getConnectionFactory(HttpConnectionFactory.class).getHttpConfiguration();
            assertThat(configuration.getHeaderCacheSize()).isZero();
            assertThat(connector.getIdleTimeout()).isEqualTo(75_000);
            assertThat(connector.getAcceptQueueSize()).isEqualTo(777);
            assertThat(configuration.getCustomizers()).noneMatch(ForwardedRequestCustomizer.class::isInstance)
                    .anyMatch(InternalProxies.class::isInstance);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.body()).isEqualTo(BODY);
            assertThat(posted.body()).isEqualTo(sha256(BODY));
        } finally {
            server.stop();
        }
    }

    @Test
    void anIdleTimeoutThatWouldCutHeldCheckInsShortIsRefusedAtStartUp() {
        ConnectionSettings settings = new ConnectionSettings(0, 1000, Duration.ofSeconds(60));

        assertThatThrownBy(() -> new ServerConnections(settings, Duration.ofSeconds(30)))
                .hasMessageContaining("flotilla.connections.idle-timeout").hasMessageContaining("flotilla.check-in.max-wait");
        assertThatThrownBy(() -> new ConnectionSettings(-1, 1000, Duration.ofSeconds(90)))
                .hasMessageContaining("flotilla.connections.header-cache-size");
        assertThatThrownBy(() -> new ConnectionSettings(0, 1000, Duration.ZERO))
                .hasMessageContaining("flotilla.connections.idle-timeout");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
