package org.flotilla.coordinator.evaluation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.flotilla.model.wire.EvalResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code evaluations} table. As for rounds, every state change goes through {@link #transition}
 * and the counters change only by conditional increments that also check the state; transactions
 * that touch an evaluation and its participants lock the evaluation row first.
 */
@Repository
public class EvaluationRepository {

    private static final String OPEN = "('SELECTION', 'EVALUATING')";

    private final JdbcClient jdbc;

    EvaluationRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts a new evaluation in SELECTION; the unique key (job, round) rejects a second one. */
    long insert(long jobId, int roundNo, long roundId, String weightsSha256, int clientsPerRound, int minClients,
                int selectionTarget, Instant openedAt, Instant selectionDeadline, Instant deadline) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO evaluations (job_id, round_no, round_id, state, weights_sha256, clients_per_round, min_clients,
                    selection_target, assigned, reported, declined, opened_at, selection_deadline, deadline)
                VALUES (?, ?, ?, 'SELECTION', ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)""")
                .params(jobId, roundNo, roundId, weightsSha256, clientsPerRound, minClients, selectionTarget,
                        Sql.ts(openedAt), Sql.ts(selectionDeadline), Sql.ts(deadline))
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    public Optional<FederatedEvaluation> find(long id) {
        return jdbc.sql("SELECT * FROM evaluations WHERE id = ?").param(id).query(EvaluationRepository::map).optional();
    }

    /** The evaluation of a round's weights, if one was opened. */
    public Optional<FederatedEvaluation> ofRound(long jobId, int roundNo) {
        return jdbc.sql("SELECT * FROM evaluations WHERE job_id = ? AND round_no = ?")
                .params(jobId, roundNo).query(EvaluationRepository::map).optional();
    }

    /** Every evaluation of a job, by round. */
    public List<FederatedEvaluation> ofJob(long jobId) {
        return jdbc.sql("SELECT * FROM evaluations WHERE job_id = ? ORDER BY round_no")
                .param(jobId).query(EvaluationRepository::map).list();
    }

    /** Evaluations still selecting or evaluating, oldest first. */
    List<FederatedEvaluation> open() {
        return jdbc.sql("SELECT * FROM evaluations WHERE state IN " + OPEN + " ORDER BY id")
                .query(EvaluationRepository::map).list();
    }

    /** Evaluations still selecting, with a free slot, that {@code clientId} is not part of; oldest first. */
    List<FederatedEvaluation> selectableFor(String clientId) {
        return jdbc.sql("""
                SELECT e.* FROM evaluations e
                WHERE e.state = 'SELECTION' AND e.assigned < e.selection_target
                  AND NOT EXISTS (SELECT 1 FROM evaluation_participants p WHERE p.evaluation_id = e.id AND p.client_id = ?)
                ORDER BY e.id""")
                .param(clientId).query(EvaluationRepository::map).list();
    }

    /**
     * Moves an evaluation from {@code from} to {@code to} if it is still in {@code from}, stamping
     * the time of entry and optionally the outcome and further columns. With {@code belowQuorum}
     * it applies only while fewer than {@code min_clients} results are counted; with
     * {@code reportedExactly} only while exactly that many are (so that figures computed from
     * {@code n} results are never recorded for {@code n + 1}).
     *
     * @return whether this call applied the transition
     */
    boolean transition(long id, EvaluationState from, EvaluationState to, Instant at, String outcome,
                       Map<String, Object> extra, boolean belowQuorum, Integer reportedExactly) {
        from.requireCanMoveTo(to);
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("state", to.name());
        columns.put(EvaluationState.timeColumn(to), Sql.ts(at));
        if (outcome != null) {
            columns.put("outcome", outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome);
        }
        columns.putAll(extra);
        StringBuilder sql = new StringBuilder("UPDATE evaluations SET ");
        columns.keySet().forEach(c -> sql.append(c).append(" = :").append(c).append(", "));
        sql.setLength(sql.length() - 2);
        sql.append(" WHERE id = :id AND state = :from");
        if (belowQuorum) {
            sql.append(" AND reported < min_clients");
        }
        if (reportedExactly != null) {
            sql.append(" AND reported = :reportedExactly");
        }
        var statement = jdbc.sql(sql.toString()).param("id", id).param("from", from.name());
        if (reportedExactly != null) {
            statement = statement.param("reportedExactly", reportedExactly);
        }
        for (Map.Entry<String, Object> c : columns.entrySet()) {
            statement = statement.param(c.getKey(), c.getValue());
        }
        return statement.update() == 1;
    }

    /** Takes one selection slot if the evaluation is still selecting and not full. */
    boolean reserveSlot(long id) {
        return jdbc.sql("UPDATE evaluations SET assigned = assigned + 1 WHERE id = ? AND state = 'SELECTION'"
                + " AND assigned < selection_target").param(id).update() == 1;
    }

    /** Counts an accepted result if the evaluation is still open. */
    boolean countReport(long id) {
        return jdbc.sql("UPDATE evaluations SET reported = reported + 1 WHERE id = ? AND state IN " + OPEN)
                .param(id).update() == 1;
    }

    /** Counts a decline if the evaluation is still open. */
    boolean countDecline(long id) {
        return jdbc.sql("UPDATE evaluations SET declined = declined + 1 WHERE id = ? AND state IN " + OPEN)
                .param(id).update() == 1;
    }

    private static FederatedEvaluation map(ResultSet rs, int row) throws SQLException {
        Long examples = Sql.nullableLong(rs, "examples");
        Double loss = Sql.nullableDouble(rs, "loss");
        Double accuracy = Sql.nullableDouble(rs, "accuracy");
        EvalResult result = examples == null || loss == null || accuracy == null ? null
                : new EvalResult(examples, loss, accuracy);
        return new FederatedEvaluation(rs.getLong("id"), rs.getLong("job_id"), rs.getInt("round_no"),
                rs.getLong("round_id"), EvaluationState.valueOf(rs.getString("state")), rs.getString("weights_sha256"),
                rs.getInt("clients_per_round"), rs.getInt("min_clients"), rs.getInt("selection_target"),
                rs.getInt("assigned"), rs.getInt("reported"), rs.getInt("declined"), Sql.instant(rs, "opened_at"),
                Sql.instant(rs, "selection_deadline"), Sql.instant(rs, "deadline"),
                Sql.instant(rs, "evaluation_started_at"), Sql.instant(rs, "finished_at"), rs.getString("outcome"), result);
    }
}
