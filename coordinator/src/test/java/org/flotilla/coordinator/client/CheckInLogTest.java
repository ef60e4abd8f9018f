package org.flotilla.coordinator.client;

import org.flotilla.coordinator.support.Blobs;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flotilla.coordinator.support.TestEdgeClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A check-in without work commits nothing of its own: what the client declared is listed at once
 * and written to the registry with the other clients' check-ins in one transaction. (The interval
 * is set long here, so that the test calls the flush itself.)
 */
@TestPropertySource(properties = "flotilla.check-in.recheck-interval=1h")
class CheckInLogTest extends IntegrationTest {

    @Autowired
    CheckInLog log;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aCheckInIsListedAtOnceAndWrittenWithTheOthersInOneFlush() {
        TestEdgeClient a = enrol("log-a", Blobs.sample(60, 41));
        TestEdgeClient b = enrol("log-b", Blobs.sample(80, 42));
        assertThat(a.checkIn(0).assignment()).isNull();
        assertThat(b.checkIn(0).assignment()).isNull();

        assertThat(listed(a.id()).get("clientVersion").asString()).isEqualTo("test");
        assertThat(listed(b.id()).get("examples").asLong()).isEqualTo(80);
        assertThat(stored(a.id(), "client_version")).isNull();

        assertThat(log.flush()).isEqualTo(2);
        assertThat(stored(a.id(), "client_version")).isEqualTo("test");
        assertThat(stored(b.id(), "examples")).isEqualTo("80");
        assertThat(log.flush()).isZero();
        assertThat(listed(a.id()).get("clientVersion").asString()).isEqualTo("test");
    }

    private JsonNode listed(String id) {
        for (JsonNode c : admin().get("/api/v1/clients")) {
            if (c.get("id").asString().equals(id)) {
                return c;
            }
        }
        throw new AssertionError("client " + id + " is not listed");
    }

    private String stored(String id, String column) {
        return jdbc.sql("SELECT CAST(" + column + " AS VARCHAR) FROM clients WHERE id = ?").param(id)
                .query((rs, i) -> java.util.Optional.ofNullable(rs.getString(1))).single().orElse(null);
    }
}
