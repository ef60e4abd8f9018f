package org.flotilla.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.flotilla.edge.config.ClientConfig;
import org.flotilla.edge.data.ClientData;
import org.flotilla.edge.lifecycle.StopSignal;
import org.flotilla.edge.round.RoundOutcome;
import org.flotilla.edge.round.RoundReport;
import org.flotilla.edge.round.UpdateTransform;
import org.flotilla.edge.testing.FakeCoordinator;
import org.flotilla.edge.testing.LogCapture;
import org.flotilla.edge.testing.TestClients;
import org.flotilla.edge.testing.TestData;
import org.flotilla.model.network.Networks;
import org.flotilla.model.plan.TrainingPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge client facing a coordinator that is not the one it trusts, or one that answers in bad
 * faith: a hostile server on loopback (the JDK's {@link HttpServer}) that records every request.
 */
class HostileCoordinatorTest {

    private static final TrainingPlan PLAN = TestData.mlpPlan(20, 4, 1, 16, Map.of());
    private static final ClientData DATA = TestClients.blobs(200, 20, 4, 10);

    @TempDir
    Path state;

    @Test
    void theSecretIsNeverSentToACoordinatorOtherThanTheOneItEnrolledWith() throws Exception {
        try (FakeCoordinator enrolledWith = new FakeCoordinator(); Hostile other = Hostile.start()) {
            enrolledWith.startJob(PLAN, Networks.parameters(Networks.build(PLAN)), 1, Map.of());
            RunResult first = TestClients.run(TestClients.config(enrolledWith.uri(), state, 1), DATA, 1);
            assertThat(first.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
            byte[] identity = Files.readAllBytes(state.resolve("identity.json"));
            List<String> files = TestClients.files(state);

            RunResult moved = TestClients.run(TestClients.config(other.uri(), state, 1), DATA, 1);

            assertThat(moved.status()).isEqualTo(ExitStatus.BAD_INPUT);
            assertThat(moved.message()).contains(first.clientId()).contains(enrolledWith.uri().toString())
                    .contains(other.uri().toString()).contains("--re-enrol").contains("--coordinator")
                    .doesNotContain("\n");
            assertThat(other.requests()).as("not one request, so no Authorization header").isEmpty();
            assertThat(Files.readAllBytes(state.resolve("identity.json"))).as("identity intact").isEqualTo(identity);
            assertThat(TestClients.files(state)).isEqualTo(files);

            // the coordinator it enrolled with still takes it
            enrolledWith.startJob(PLAN, enrolledWith.global(), 1, Map.of());
            RunResult back = TestClients.run(TestClients.config(enrolledWith.uri(), state, 1), DATA, 1);
            assertThat(back.clientId()).isEqualTo(first.clientId());
            assertThat(back.rounds()).extracting(RoundReport::outcome).containsExactly(RoundOutcome.UPLOADED);
        }
    }

    @Test
    void aRetryAfterOfElevenDaysIsCutToTenMinutesAndAStopStillEndsTheWaitAtOnce() throws Exception {
        try (Hostile hostile = Hostile.start(); LogCapture logs = new LogCapture()) {
            ClientConfig c = TestClients.config(hostile.uri(), state, 1);
            ClientConfig retryForever = new ClientConfig(c.coordinator(), c.enrolmentToken(), c.data(), 1, state,
                    c.averagingFrequency(), 0, false, false, "device", 0, 0.1, c.backoff(), null);
            StopSignal stop = new StopSignal();
            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> TestClients.run(retryForever, DATA, 1,
                    stop, TestClients.store(state), UpdateTransform.NONE));

            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (logs.warnings().stream().noneMatch(m -> m.contains("next attempt in")) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            long stoppedAt = System.nanoTime();
            stop.request("test over");
            RunResult r = run.get(10, TimeUnit.SECONDS);

            assertThat(logs.warnings()).filteredOn(m -> m.contains("next attempt in")).singleElement()
                    .satisfies(m -> assertThat(m).contains("next attempt in 600.0 s").doesNotContain("999999"));
            assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(5));
            assertThat(r.status()).isEqualTo(ExitStatus.OK);
            assertThat(r.message()).contains("stopped");
            assertThat(hostile.requests()).filteredOn(q -> q.contains("/check-in")).hasSize(1);
            assertThat(state.resolve("identity.json")).exists();
        }
    }

    /**
     * A coordinator in bad faith: it enrols anyone (as {@code c-hostile}) and answers every other
     * call {@code 503} with {@code Retry-After: 999999} (eleven and a half days). It records each
     * request as {@code METHOD path}, and whether an {@code Authorization} header came with it.
     */
    private record Hostile(HttpServer server, List<String> log) implements AutoCloseable {

        static Hostile start() throws IOException {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            Hostile h = new Hostile(server, new CopyOnWriteArrayList<>());
            server.createContext("/", h::handle);
            server.start();
            return h;
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        List<String> requests() {
            return List.copyOf(log);
        }

        private void handle(HttpExchange ex) throws IOException {
            ex.getRequestBody().readAllBytes();
            String path = ex.getRequestURI().getPath();
            log.add(ex.getRequestMethod() + " " + path
                    + (ex.getRequestHeaders().containsKey("Authorization") ? " [Authorization]" : ""));
            if (path.equals("/api/v1/clients/enrol")) {
                reply(ex, 201, "application/json", "{\"clientId\":\"c-hostile\",\"secret\":\"s\"}");
                return;
            }
            ex.getResponseHeaders().add("Retry-After", "999999");
            reply(ex, 503, "application/problem+json", "{\"status\":503,\"detail\":\"come back in eleven days\"}");
        }

        private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", type);
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
