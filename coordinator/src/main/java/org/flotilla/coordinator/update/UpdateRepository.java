package org.flotilla.coordinator.update;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.flotilla.model.json.WireJson;
import org.flotilla.model.wire.UpdateMetrics;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code updates} and {@code rejections} tables (the refused uploads, task {@code TRAIN}). */
@Repository
public class UpdateRepository {

    private final JdbcClient jdbc;

    UpdateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts an accepted update; the primary key refuses a second one for the same key. */
    void insert(UpdateRecord u) {
        jdbc.sql("""
                INSERT INTO updates (job_id, round_no, attempt, client_id, round_id, sha256, size_bytes, examples,
                    metrics, received_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(u.jobId(), u.roundNo(), u.attempt(), u.clientId(), u.roundId(), u.sha256(), u.sizeBytes(),
                        u.examples(), WireJson.write(u.metrics()), Sql.ts(u.receivedAt()))
                .update();
    }

    Optional<UpdateRecord> find(long roundId, String clientId) {
        return jdbc.sql("SELECT * FROM updates WHERE round_id = ? AND client_id = ?")
                .params(roundId, clientId).query(UpdateRepository::map).optional();
    }

    /** The accepted updates of a round attempt, by client id. */
    public List<UpdateRecord> ofRound(long roundId) {
        return jdbc.sql("SELECT * FROM updates WHERE round_id = ? ORDER BY client_id")
                .param(roundId).query(UpdateRepository::map).list();
    }

    void insertRejection(long jobId, int roundNo, String clientId, Rejection r) {
        jdbc.sql("""
                INSERT INTO rejections (job_id, round_no, client_id, http_status, reason, detail, rejected_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""")
                .params(jobId, roundNo, clientId, r.httpStatus(), r.reason(),
                        r.detail().length() > 1000 ? r.detail().substring(0, 1000) : r.detail(), Sql.ts(r.at()))
                .update();
    }

    /** Refused uploads for a round (all attempts), oldest first; refused evaluation results are listed apart. */
    public List<Rejection> rejections(long jobId, int roundNo) {
        return jdbc.sql("SELECT * FROM rejections WHERE job_id = ? AND round_no = ? AND task = 'TRAIN' ORDER BY id")
                .params(jobId, roundNo)
                .query((rs, i) -> new Rejection(rs.getString("client_id"), rs.getInt("http_status"), rs.getString("reason"),
                        rs.getString("detail"), Sql.instant(rs, "rejected_at")))
                .list();
    }

    private static UpdateRecord map(ResultSet rs, int row) throws SQLException {
        return new UpdateRecord(rs.getLong("job_id"), rs.getInt("round_no"), rs.getInt("attempt"),
                rs.getString("client_id"), rs.getLong("round_id"), rs.getString("sha256"), rs.getLong("size_bytes"),
                rs.getLong("examples"), WireJson.read(rs.getString("metrics"), UpdateMetrics.class),
                Sql.instant(rs, "received_at"));
    }
}
