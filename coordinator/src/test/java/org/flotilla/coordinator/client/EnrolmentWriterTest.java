package org.flotilla.coordinator.client;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

import javax.sql.DataSource;

import org.flotilla.coordinator.support.Http;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.model.protocol.ProtocolPaths;
import org.flotilla.model.wire.EnrolRequest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group commit of enrolments: the enrolments that arrive while a transaction is being written go
 * into the next one together, each is answered 201 only after that commit, and one refused for
 * its token's quota is refused alone. To make the grouping certain rather than likely, the test
 * holds a row lock on an enrolment token so that the first enrolment's transaction waits inside
 * the writer while the others queue up behind it.
 */
class EnrolmentWriterTest extends IntegrationTest {

    @Autowired
    EnrolmentWriter writer;

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Test
    void enrolmentsQueuedBehindATransactionShareTheNextOneAndAQuotaRefusalStaysAlone() throws Exception {
        JsonNode token = Http.parse(admin().post("/api/v1/enrolment-tokens",
                Map.of("name", "group", "quota", 1, "expiresAt", Instant.now().plusSeconds(3600).toString())).body());
        String operatorToken = token.get("token").asString();
        long tokenId = jdbc.sql("SELECT id FROM enrolment_tokens WHERE name = 'group'").query(Long.class).single();
        long commitsBefore = writer.commits();
        long clientsBefore = clients();

        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
             Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement lock = blocker.prepareStatement("UPDATE enrolment_tokens SET name = name WHERE id = ?")) {
                lock.setLong(1, tokenId);
                assertThat(lock.executeUpdate()).isEqualTo(1);
            }
            // The leader: its transaction waits for the token's row in consume.
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> enrolWith(operatorToken), pool);
            await(() -> writer.writing() && writer.queued() == 0);
            // Queued behind it: the same token again (passes the filter: used is still 0) and ten others.
            CompletableFuture<HttpResponse<String>> second = CompletableFuture.supplyAsync(() -> enrolWith(operatorToken), pool);
            await(() -> writer.queued() == 1);
            List<CompletableFuture<HttpResponse<String>>> others = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                others.add(CompletableFuture.supplyAsync(() -> enrolWith(ENROLMENT_TOKEN), pool));
            }
            await(() -> writer.queued() == 11);
            assertThat(first).isNotDone();
            assertThat(clients()).isEqualTo(clientsBefore);
            blocker.commit();

            assertThat(first.get().statusCode()).as(first.get().body()).isEqualTo(201);
            HttpResponse<String> refused = second.get();
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(409);
            assertThat(Http.parse(refused.body()).toString()).contains("enrolment-token-used-up");
            for (CompletableFuture<HttpResponse<String>> f : others) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
                String id = Http.parse(r.body()).get("clientId").asString();
                assertThat(jdbc.sql("SELECT COUNT(*) FROM clients WHERE id = ?").param(id).query(Long.class).single())
                        .isEqualTo(1);
            }
        }
        // One transaction for the leader, one for the eleven queued behind it.
        assertThat(writer.commits() - commitsBefore).isEqualTo(2);
        assertThat(clients() - clientsBefore).isEqualTo(11);
        assertThat(jdbc.sql("SELECT used FROM enrolment_tokens WHERE id = ?").param(tokenId).query(Integer.class).single())
                .isEqualTo(1);
    }

    private long clients() {
        return jdbc.sql("SELECT COUNT(*) FROM clients").query(Long.class).single();
    }

    private HttpResponse<String> enrolWith(String token) {
        return Http.send(Http.request(base(), ProtocolPaths.ENROL, Http.bearer(token)).header("Content-Type", "application/json")
                .POST(Http.json(new EnrolRequest("grouped", 2, "linux-x86_64", 10))).build());
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within 8 s").isLessThan(end);
            Thread.sleep(5);
        }
    }
}
