package org.flotilla.coordinator.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Connector;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junit.jupiter.api.Test;
import org.springframework.boot.tomcat.TomcatWebServer;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.util.unit.DataSize;

class ServerBuffersTest {

    private static final byte[] BODY = new byte[700_000];

    static {
        new Random(17).nextBytes(BODY);
    }

    /** Streams BODY back for GET (no length set: chunked past the buffer), and answers a POST with the SHA-256 of its body. */
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
    void smallBuffersAreAppliedAndLargeBodiesPassBothWays() throws Exception {
        // Prepare
        ConnectionBuffers buffers = new ConnectionBuffers(DataSize.ofKilobytes(2), DataSize.ofKilobytes(4), DataSize.ofKilobytes(4));
        TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
        new ServerBuffers(buffers).customize(factory);
        WebServer server = factory.getWebServer(ctx -> ctx.addServlet("echo", new Echo()).addMapping("/echo"));
        server.start();
        try (HttpClient http = HttpClient.newHttpClient()) {
            URI uri = URI.create("http://127.0.0.1:" + server.getPort() + "/echo");

            // Execute
            HttpResponse<byte[]> down = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
            HttpResponse<String> up = http.send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.ofByteArray(BODY)).build(),
                    HttpResponse.BodyHandlers.ofString());

            // Assert
            Connector connector = ((TomcatWebServer) server).getTomcat().getConnector();
            assertThat(connector.getProtocolHandler()).isInstanceOf(LeanHttp11NioProtocol.class);
            LeanHttp11NioProtocol protocol = (LeanHttp11NioProtocol) connector.getProtocolHandler();
            assertThat(protocol.getDesiredBufferSize()).isEqualTo(4096);
            assertThat(connector.getProperty("socket.appReadBufSize")).hasToString("2048");
            assertThat(connector.getProperty("socket.appWriteBufSize")).hasToString("4096");
            assertThat(((AbstractHttp11Protocol<?>) protocol).getMaxHttpRequestHeaderSize()).isPositive();
            assertThat(down.statusCode()).isEqualTo(200);
            assertThat(down.body()).isEqualTo(BODY);
            assertThat(up.statusCode()).isEqualTo(200);
            assertThat(up.body()).isEqualTo(sha256(BODY));
        } finally {
            server.stop();
        }
    }

    @Test
    void sizesOutsideTheBoundsAreRefusedNamingTheKey() {
        assertThatThrownBy(() -> new ConnectionBuffers(DataSize.ofBytes(100), DataSize.ofKilobytes(4), DataSize.ofKilobytes(4)))
                .hasMessageContaining("flotilla.connections.socket-read");
        assertThatThrownBy(() -> new ConnectionBuffers(DataSize.ofKilobytes(2), DataSize.ofKilobytes(4), DataSize.ofMegabytes(2)))
                .hasMessageContaining("flotilla.connections.response-buffer");
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
