package org.flotilla.coordinator.secagg;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables of migration V6: {@code secagg_rounds} (an attempt's setup and graph seed),
 * {@code secagg_requests} (what the next phase asks each survivor, computed by the closing of the
 * phase before) and {@code secagg_messages} (each participant's accepted answer of a phase; a
 * masked input as the hash of its artifact). Nothing here is an individual update in the clear.
 */
@Repository
class SecureRecords {

    /** An attempt's setup (the library's JSON) and graph seed (hex). */
    record RoundRow(String setup, String graphSeedHex) {
    }

    /** One accepted answer: JSON {@code body}, or the artifact {@code sha256} of a masked input. */
    record Message(String clientId, String body, String sha256, long sizeBytes, Instant receivedAt) {
    }

    private final JdbcClient jdbc;

    SecureRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<RoundRow> round(long jobId, int roundNo, int attempt) {
        return jdbc.sql("SELECT setup, graph_seed FROM secagg_rounds WHERE job_id = ? AND round_no = ? AND attempt = ?")
                .params(jobId, roundNo, attempt)
                .query((rs, i) -> new RoundRow(rs.getString("setup"), rs.getString("graph_seed"))).optional();
    }

    /** Stores the attempt's row unless one exists (another thread or replica won); returns the stored one. */
    RoundRow roundOnce(long jobId, int roundNo, int attempt, RoundRow row, Instant at) {
        try {
            jdbc.sql("INSERT INTO secagg_rounds (job_id, round_no, attempt, setup, graph_seed, created_at) "
                            + "VALUES (?, ?, ?, ?, ?, ?)")
                    .params(jobId, roundNo, attempt, row.setup(), row.graphSeedHex(), Sql.ts(at)).update();
        } catch (DuplicateKeyException stored) {
            // the first row stays: every participant of an attempt sees one seed
        }
        return round(jobId, roundNo, attempt).orElseThrow();
    }

    void insertRequests(long cohortId, Map<String, String> bodies) {
        bodies.forEach((client, body) -> jdbc.sql(
                        "INSERT INTO secagg_requests (cohort_id, client_id, body) VALUES (?, ?, ?)")
                .params(cohortId, client, body).update());
    }

    Optional<String> request(long parentCohortId, String clientId) {
        return jdbc.sql("SELECT body FROM secagg_requests WHERE cohort_id = ? AND client_id = ?")
                .params(parentCohortId, clientId).query(String.class).optional();
    }

    /** Every request the closing of {@code cohortId} stored, by client. */
    Map<String, String> requests(long cohortId) {
        Map<String, String> bodies = new java.util.TreeMap<>();
        jdbc.sql("SELECT client_id, body FROM secagg_requests WHERE cohort_id = ?").param(cohortId)
                .query((rs, i) -> bodies.put(rs.getString("client_id"), rs.getString("body"))).list();
        return bodies;
    }

    void insertMessage(long cohortId, Message m) {
        jdbc.sql("INSERT INTO secagg_messages (cohort_id, client_id, body, sha256, size_bytes, received_at) "
                        + "VALUES (?, ?, ?, ?, ?, ?)")
                .params(cohortId, m.clientId(), m.body(), m.sha256(), m.sizeBytes(), Sql.ts(m.receivedAt())).update();
    }

    /** A phase's accepted answers in the order they were accepted (ties by client id). */
    List<Message> messages(long cohortId) {
        return jdbc.sql("SELECT * FROM secagg_messages WHERE cohort_id = ? ORDER BY received_at, client_id")
                .param(cohortId)
                .query((rs, i) -> new Message(rs.getString("client_id"), rs.getString("body"), rs.getString("sha256"),
                        rs.getLong("size_bytes"), Sql.instant(rs, "received_at")))
                .list();
    }

    Optional<Message> message(long cohortId, String clientId) {
        return messages(cohortId).stream().filter(m -> m.clientId().equals(clientId)).findFirst();
    }
}
