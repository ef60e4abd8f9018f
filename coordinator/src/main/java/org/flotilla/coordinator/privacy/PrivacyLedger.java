package org.flotilla.coordinator.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.job.PrivacyFigures;
import org.flotilla.coordinator.job.PrivacyMode;
import org.flotilla.coordinator.system.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The tables {@code privacy_ledger} (one row per accounted round attempt: the accountant's state)
 * and {@code privacy_samples} (the clients each attempt's Poisson sample drew). Rows are never
 * changed or deleted: what was spent stays spent.
 */
@Repository
public class PrivacyLedger {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    PrivacyLedger(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /**
     * Records an attempt's figures and its sample; call it in a transaction.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the attempt was recorded already
     */
    void insert(long jobId, PrivacyFigures f, List<String> sample, Instant at) {
        jdbc.sql("""
                INSERT INTO privacy_ledger (job_id, round_no, attempt, mode, sampling_rate, noise_multiplier,
                    update_noise_multiplier, clip_norm, expected_clients, sampled, epsilon, delta, rdp_order, accountant,
                    rounds_accounted, opened_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(jobId, f.round(), f.attempt(), f.mode().name(), f.samplingRate(), f.noiseMultiplier(),
                        f.updateNoiseMultiplier(), f.clipNorm(), f.expectedClients(), f.sampled(), f.epsilon(), f.delta(),
                        f.order(), f.accountant(), f.roundsAccounted(), Sql.ts(at))
                .update();
        batch.batchUpdate("INSERT INTO privacy_samples (job_id, round_no, attempt, client_id) VALUES (?, ?, ?, ?)",
                sample, 500, (ps, clientId) -> {
                    ps.setLong(1, jobId);
                    ps.setInt(2, f.round());
                    ps.setInt(3, f.attempt());
                    ps.setString(4, clientId);
                });
    }

    /** The figures of one attempt, if it was accounted. */
    public Optional<PrivacyFigures> find(long jobId, int round, int attempt) {
        return jdbc.sql("SELECT * FROM privacy_ledger WHERE job_id = ? AND round_no = ? AND attempt = ?")
                .params(jobId, round, attempt).query(PrivacyLedger::map).optional();
    }

    /** Every accounted attempt of a job, in the order they were accounted. */
    public List<PrivacyFigures> ofJob(long jobId) {
        return jdbc.sql("SELECT * FROM privacy_ledger WHERE job_id = ? ORDER BY rounds_accounted")
                .param(jobId).query(PrivacyLedger::map).list();
    }

    /** Whether the client is in the attempt's Poisson sample. */
    public boolean sampled(long jobId, int round, int attempt, String clientId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM privacy_samples WHERE job_id = ? AND round_no = ? AND attempt = ? AND client_id = ?""")
                .params(jobId, round, attempt, clientId).query(Long.class).single() > 0;
    }

    /** The attempt's Poisson sample, by client id. */
    public List<String> sample(long jobId, int round, int attempt) {
        return jdbc.sql("SELECT client_id FROM privacy_samples WHERE job_id = ? AND round_no = ? AND attempt = ? ORDER BY client_id")
                .params(jobId, round, attempt).query(String.class).list();
    }

    private static PrivacyFigures map(ResultSet rs, int row) throws SQLException {
        return new PrivacyFigures(rs.getInt("round_no"), rs.getInt("attempt"), PrivacyMode.valueOf(rs.getString("mode")),
                rs.getDouble("epsilon"), rs.getDouble("delta"), Sql.nullableDouble(rs, "rdp_order"),
                rs.getString("accountant"), rs.getLong("rounds_accounted"), rs.getDouble("sampling_rate"),
                rs.getDouble("noise_multiplier"), rs.getDouble("update_noise_multiplier"), rs.getDouble("clip_norm"),
                rs.getDouble("expected_clients"), rs.getInt("sampled"));
    }
}
