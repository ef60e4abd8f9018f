package org.flotilla.coordinator.round;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code rounds} table. Every state change goes through {@link #transition}; the counters
 * ({@code assigned}, {@code reported}, {@code declined}) change only by conditional increments
 * that also check the state. Transactions that touch a round and its participants lock the round
 * row first, so they cannot deadlock one another.
 */
@Repository
public class RoundRepository {

    private static final String OPEN = "('SELECTION', 'TRAINING')";

    private final JdbcClient jdbc;

    RoundRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new attempt in SELECTION; the unique key (job, round, attempt) rejects a duplicate. */
    long insert(long jobId, int roundNo, int attempt, String weightsSha256, int clientsPerRound, int minClients,
                int selectionTarget, Instant openedAt, Instant selectionDeadline, Instant deadline) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO rounds (job_id, round_no, attempt, state, weights_sha256, clients_per_round, min_clients,
                    selection_target, assigned, reported, declined, opened_at, selection_deadline, deadline)
                VALUES (?, ?, ?, 'SELECTION', ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)""")
                .params(jobId, roundNo, attempt, weightsSha256, clientsPerRound, minClients, selectionTarget,
                        Sql.ts(openedAt), Sql.ts(selectionDeadline), Sql.ts(deadline))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    public Optional<Round> find(long id) {
        return jdbc.sql("SELECT * FROM rounds WHERE id = ?").param(id).query(RoundRepository::map).optional();
    }

    /** The job's most recent attempt (highest round, then attempt). */
    public Optional<Round> latest(long jobId) {
        return jdbc.sql("SELECT * FROM rounds WHERE job_id = ? ORDER BY round_no DESC, attempt DESC FETCH FIRST 1 ROWS ONLY")
                .param(jobId).query(RoundRepository::map).optional();
    }

    /** Every attempt of a job, in order. */
    public List<Round> ofJob(long jobId) {
        return jdbc.sql("SELECT * FROM rounds WHERE job_id = ? ORDER BY round_no, attempt")
                .param(jobId).query(RoundRepository::map).list();
    }

    /** The attempts of one round, in order. */
    public List<Round> attempts(long jobId, int roundNo) {
        return jdbc.sql("SELECT * FROM rounds WHERE job_id = ? AND round_no = ? ORDER BY attempt")
                .params(jobId, roundNo).query(RoundRepository::map).list();
    }

    /** The completed attempt of a round, if any. */
    public Optional<Round> completed(long jobId, int roundNo) {
        return jdbc.sql("SELECT * FROM rounds WHERE job_id = ? AND round_no = ? AND state = 'COMPLETED'")
                .params(jobId, roundNo).query(RoundRepository::map).optional();
    }

    public List<Round> inStates(List<RoundState> states) {
        return jdbc.sql("SELECT * FROM rounds WHERE state IN (:states) ORDER BY id")
                .param("states", states.stream().map(Enum::name).toList())
                .query(RoundRepository::map).list();
    }

    /** Open rounds still selecting, with a free slot, that {@code clientId} is not part of; oldest first. */
    List<Round> selectableFor(String clientId) {
        return jdbc.sql("""
                SELECT r.* FROM rounds r
                WHERE r.state = 'SELECTION' AND r.assigned < r.selection_target
                  AND NOT EXISTS (SELECT 1 FROM participants p WHERE p.round_id = r.id AND p.client_id = ?)
                ORDER BY r.id""")
                .param(clientId).query(RoundRepository::map).list();
    }

    /**
     * Moves a round from {@code from} to {@code to} if it is still in {@code from}, stamping the
     * time of entry and optionally the outcome and further result columns.
     *
     * @return whether this call applied the transition
     */
    public boolean transition(long id, RoundState from, RoundState to, Instant at, String outcome,
                              Map<String, Object> extra) {
        return transition(id, from, to, at, outcome, extra, false);
    }

    /**
     * As {@link #transition(long, RoundState, RoundState, Instant, String, Map)}; with
     * {@code onlyBelowQuorum} the transition applies only while fewer than {@code min_clients}
     * updates are counted, so an update accepted a moment earlier cannot be failed away.
     */
    boolean transition(long id, RoundState from, RoundState to, Instant at, String outcome,
                       Map<String, Object> extra, boolean onlyBelowQuorum) {
        from.requireCanMoveTo(to);
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("state", to.name());
        columns.put(RoundState.timeColumn(to), Sql.ts(at));
        if (outcome != null) {
            columns.put("outcome", outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome);
        }
        columns.putAll(extra);
        StringBuilder sql = new StringBuilder("UPDATE rounds SET ");
        columns.keySet().forEach(c -> sql.append(c).append(" = :").append(c).append(", "));
        sql.setLength(sql.length() - 2);
        sql.append(" WHERE id = :id AND state = :from");
        if (onlyBelowQuorum) {
            sql.append(" AND reported < min_clients");
        }
        var statement = jdbc.sql(sql.toString()).param("id", id).param("from", from.name());
        for (Map.Entry<String, Object> c : columns.entrySet()) {
            statement = statement.param(c.getKey(), c.getValue());
        }
        return statement.update() == 1;
    }

    /** Takes one selection slot if the round is still selecting and not full. */
    boolean reserveSlot(long id) {
        return jdbc.sql("UPDATE rounds SET assigned = assigned + 1 WHERE id = ? AND state = 'SELECTION'"
                + " AND assigned < selection_target").param(id).update() == 1;
    }

    /** Counts an accepted update if the round is still open. */
    public boolean countReport(long id) {
        return jdbc.sql("UPDATE rounds SET reported = reported + 1 WHERE id = ? AND state IN " + OPEN)
                .param(id).update() == 1;
    }

    /** Counts a decline if the round is still open. */
    boolean countDecline(long id) {
        return jdbc.sql("UPDATE rounds SET declined = declined + 1 WHERE id = ? AND state IN " + OPEN)
                .param(id).update() == 1;
    }

    private static Round map(ResultSet rs, int row) throws SQLException {
        RoundResult result = new RoundResult(Sql.nullableBoolean(rs, "new_model"), rs.getString("result_weights_sha256"),
                rs.getString("strategy_state_sha256"), rs.getString("provenance_sha256"),
                Sql.nullableDouble(rs, "aggregation_seconds"), Sql.nullableDouble(rs, "evaluation_seconds"),
                Sql.nullableLong(rs, "train_examples"), Sql.nullableDouble(rs, "train_loss"),
                Sql.nullableDouble(rs, "train_accuracy"), Sql.nullableLong(rs, "test_examples"),
                Sql.nullableDouble(rs, "test_loss"), Sql.nullableDouble(rs, "test_accuracy"));
        return new Round(rs.getLong("id"), rs.getLong("job_id"), rs.getInt("round_no"), rs.getInt("attempt"),
                RoundState.valueOf(rs.getString("state")), rs.getString("weights_sha256"), rs.getInt("clients_per_round"),
                rs.getInt("min_clients"), rs.getInt("selection_target"), rs.getInt("assigned"), rs.getInt("reported"),
                rs.getInt("declined"), Sql.instant(rs, "opened_at"), Sql.instant(rs, "selection_deadline"),
                Sql.instant(rs, "deadline"), Sql.instant(rs, "training_started_at"),
                Sql.instant(rs, "aggregation_started_at"), Sql.instant(rs, "finished_at"), rs.getString("outcome"),
                result);
    }
}
