package org.flotilla.coordinator.evaluation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.flotilla.coordinator.round.ParticipantStatus;
import org.flotilla.coordinator.system.Sql;
import org.flotilla.coordinator.update.Rejection;
import org.flotilla.model.wire.EvalResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code evaluation_participants} table (who was asked to evaluate, and what they reported)
 * and the refused evaluation results in {@code rejections} (task {@code EVALUATE}). Status
 * changes are conditional on the current status.
 */
@Repository
class EvaluationParticipantRepository {

    private final JdbcClient jdbc;

    EvaluationParticipantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long evaluationId, String clientId, Instant at) {
        jdbc.sql("INSERT INTO evaluation_participants (evaluation_id, client_id, status, assigned_at) VALUES (?, ?, 'ASSIGNED', ?)")
                .params(evaluationId, clientId, Sql.ts(at)).update();
    }

    List<EvaluationParticipant> ofEvaluation(long evaluationId) {
        return jdbc.sql("SELECT * FROM evaluation_participants WHERE evaluation_id = ? ORDER BY assigned_at, client_id")
                .param(evaluationId).query(EvaluationParticipantRepository::map).list();
    }

    /** The client's live evaluation assignment: ASSIGNED in an evaluation that is still open. */
    Optional<EvaluationParticipant> openAssignment(String clientId) {
        return jdbc.sql("""
                SELECT p.* FROM evaluation_participants p JOIN evaluations e ON e.id = p.evaluation_id
                WHERE p.client_id = ? AND p.status = 'ASSIGNED' AND e.state IN ('SELECTION', 'EVALUATING')
                ORDER BY e.id FETCH FIRST 1 ROWS ONLY""")
                .param(clientId).query(EvaluationParticipantRepository::map).optional();
    }

    /** The client's part in the evaluation of a job's round, if it was assigned one. */
    Optional<EvaluationParticipant> find(long jobId, int roundNo, String clientId) {
        return jdbc.sql("""
                SELECT p.* FROM evaluation_participants p JOIN evaluations e ON e.id = p.evaluation_id
                WHERE e.job_id = ? AND e.round_no = ? AND p.client_id = ?""")
                .params(jobId, roundNo, clientId).query(EvaluationParticipantRepository::map).optional();
    }

    /** Records an accepted result; only for a participant still ASSIGNED. */
    boolean markReported(long evaluationId, String clientId, EvalResult r, Instant at) {
        return jdbc.sql("""
                UPDATE evaluation_participants SET status = 'REPORTED', answered_at = ?, examples = ?, loss = ?, accuracy = ?
                WHERE evaluation_id = ? AND client_id = ? AND status = 'ASSIGNED'""")
                .params(Sql.ts(at), r.examples(), r.loss(), r.accuracy(), evaluationId, clientId)
                .update() == 1;
    }

    boolean markDeclined(long evaluationId, String clientId, String reason, String detail, Instant at) {
        return jdbc.sql("""
                UPDATE evaluation_participants SET status = 'DECLINED', answered_at = ?, decline_reason = ?, decline_detail = ?
                WHERE evaluation_id = ? AND client_id = ? AND status = 'ASSIGNED'""")
                .params(Sql.ts(at), reason, detail, evaluationId, clientId)
                .update() == 1;
    }

    /** Moves a participant from {@code from} to {@code to}; returns whether it was in {@code from}. */
    boolean mark(long evaluationId, String clientId, ParticipantStatus from, ParticipantStatus to, Instant at) {
        return jdbc.sql("UPDATE evaluation_participants SET status = ?, answered_at = ? WHERE evaluation_id = ? AND client_id = ? AND status = ?")
                .params(to.name(), Sql.ts(at), evaluationId, clientId, from.name())
                .update() == 1;
    }

    /** Marks every still-assigned participant DROPPED (the evaluation closed without them). */
    int dropOutstanding(long evaluationId) {
        return jdbc.sql("UPDATE evaluation_participants SET status = 'DROPPED' WHERE evaluation_id = ? AND status = 'ASSIGNED'")
                .param(evaluationId).update();
    }

    /** The accepted results of an evaluation, by client id. */
    Map<String, EvalResult> results(long evaluationId) {
        Map<String, EvalResult> results = new TreeMap<>();
        ofEvaluation(evaluationId).stream().filter(p -> p.status() == ParticipantStatus.REPORTED)
                .forEach(p -> results.put(p.clientId(), p.result()));
        return results;
    }

    /** Per evaluation of a job: how many participants are in each status. */
    Map<Long, Map<ParticipantStatus, Integer>> statusCounts(long jobId) {
        Map<Long, Map<ParticipantStatus, Integer>> counts = new HashMap<>();
        jdbc.sql("""
                SELECT p.evaluation_id, p.status, COUNT(*) AS n
                FROM evaluation_participants p JOIN evaluations e ON e.id = p.evaluation_id
                WHERE e.job_id = ? GROUP BY p.evaluation_id, p.status""")
                .param(jobId)
                .query(rs -> {
                    counts.computeIfAbsent(rs.getLong("evaluation_id"), k -> new EnumMap<>(ParticipantStatus.class))
                            .put(ParticipantStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                });
        return counts;
    }

    void insertRejection(long jobId, int roundNo, Rejection r) {
        jdbc.sql("""
                INSERT INTO rejections (job_id, round_no, client_id, http_status, reason, detail, rejected_at, task)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'EVALUATE')""")
                .params(jobId, roundNo, r.clientId(), r.httpStatus(), r.reason(),
                        r.detail().length() > 1000 ? r.detail().substring(0, 1000) : r.detail(), Sql.ts(r.at()))
                .update();
    }

    /** Refused evaluation results of a round, oldest first. */
    List<Rejection> rejections(long jobId, int roundNo) {
        return jdbc.sql("SELECT * FROM rejections WHERE job_id = ? AND round_no = ? AND task = 'EVALUATE' ORDER BY id")
                .params(jobId, roundNo)
                .query((rs, i) -> new Rejection(rs.getString("client_id"), rs.getInt("http_status"), rs.getString("reason"),
                        rs.getString("detail"), Sql.instant(rs, "rejected_at")))
                .list();
    }

    private static EvaluationParticipant map(ResultSet rs, int row) throws SQLException {
        Long examples = Sql.nullableLong(rs, "examples");
        EvalResult result = examples == null ? null
                : new EvalResult(examples, rs.getDouble("loss"), rs.getDouble("accuracy"));
        return new EvaluationParticipant(rs.getLong("evaluation_id"), rs.getString("client_id"),
                ParticipantStatus.valueOf(rs.getString("status")), Sql.instant(rs, "assigned_at"),
                Sql.instant(rs, "answered_at"), rs.getString("decline_reason"), rs.getString("decline_detail"), result);
    }
}
