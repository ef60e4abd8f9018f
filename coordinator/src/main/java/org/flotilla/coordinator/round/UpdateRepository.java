package org.flotilla.coordinator.round;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.UpdateMetrics;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code round_updates} table: accepted updates, what a training participant returns. */
@Repository
public class UpdateRepository {

    private final JdbcClient jdbc;

    UpdateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an accepted update; the primary key refuses a second one for the same key. */
    void insert(UpdateRecord u) {
        jdbc.sql("""
                INSERT INTO round_updates (cohort_id, client_id, job_id, round_no, attempt, sha256, size_bytes, examples,
                    metrics, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(u.cohortId(), u.clientId(), u.jobId(), u.roundNo(), u.attempt(), u.sha256(), u.sizeBytes(),
                        u.examples(), WireJson.write(u.metrics()), Sql.ts(u.receivedAt()))
                .update();
    }

    Optional<UpdateRecord> find(long cohortId, String clientId) {
        return jdbc.sql("SELECT * FROM round_updates WHERE cohort_id = ? AND client_id = ?")
                .params(cohortId, clientId).query(UpdateRepository::map).optional();
    }

    /** The accepted updates of a training cohort, by client id. */
    public List<UpdateRecord> ofCohort(long cohortId) {
        return jdbc.sql("SELECT * FROM round_updates WHERE cohort_id = ? ORDER BY client_id")
                .param(cohortId).query(UpdateRepository::map).list();
    }

    private static UpdateRecord map(ResultSet rs, int row) throws SQLException {
        return new UpdateRecord(rs.getLong("job_id"), rs.getInt("round_no"), rs.getInt("attempt"),
                rs.getString("client_id"), rs.getLong("cohort_id"), rs.getString("sha256"), rs.getLong("size_bytes"),
                rs.getLong("examples"), WireJson.read(rs.getString("metrics"), UpdateMetrics.class),
                Sql.instant(rs, "received_at"));
    }
}
