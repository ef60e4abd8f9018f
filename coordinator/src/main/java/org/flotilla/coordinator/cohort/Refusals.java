package org.flotilla.coordinator.cohort;

import java.time.Clock;
import java.util.List;

import org.flotilla.coordinator.system.LimitProperties;
import org.flotilla.coordinator.system.Refused;
import org.flotilla.coordinator.system.Sql;
import org.flotilla.model.protocol.RefusalReason;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The record of refused answers ({@code rejections}), by job, round and kind ({@code task}). A
 * service that refuses an answer records it here as an explicit step before it throws. Bounded,
 * because the callers are devices: a refusal for a round the client was not assigned
 * ({@code NOT_ASSIGNED}, which covers job ids that do not exist) writes no row, and at most
 * {@code flotilla.limits.rejections-per-round} rows are kept per round and kind — later refusals
 * are counted in the metrics only.
 */
@Repository
public class Refusals {

    private final JdbcClient jdbc;
    private final Clock clock;

    private final int perRound;

    Refusals(JdbcClient jdbc, Clock clock, LimitProperties limits) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.perRound = limits.rejectionsPerRound();
    }

    /** Records that {@code clientId}'s answer for {@code round} of {@code jobId} ({@code kind}) was refused. */
    public void record(long jobId, int roundNo, CohortKind kind, String clientId, Refused refused) {
        if (refused.reason() == RefusalReason.NOT_ASSIGNED) {
            return;
        }
        int stored = jdbc.sql("SELECT COUNT(*) FROM rejections WHERE job_id = ? AND round_no = ? AND task = ?")
                .params(jobId, roundNo, kind.name()).query(Integer.class).single();
        if (stored >= perRound) {
            return;
        }
        String detail = refused.getMessage();
        jdbc.sql("""
                INSERT INTO rejections (job_id, round_no, client_id, http_status, reason, detail, rejected_at, task)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(jobId, roundNo, clientId, refused.reason().status(), refused.reason().name(),
                        detail.length() > 1000 ? detail.substring(0, 1000) : detail, Sql.ts(clock.instant()), kind.name())
                .update();
    }

    /** The refused answers of a round (all attempts) for one kind, oldest first. */
    public List<Rejection> of(long jobId, int roundNo, CohortKind kind) {
        return jdbc.sql("SELECT * FROM rejections WHERE job_id = ? AND round_no = ? AND task = ? ORDER BY id")
                .params(jobId, roundNo, kind.name())
                .query((rs, i) -> new Rejection(rs.getString("client_id"), rs.getInt("http_status"), rs.getString("reason"),
                        rs.getString("detail"), Sql.instant(rs, "rejected_at")))
                .list();
    }
}
