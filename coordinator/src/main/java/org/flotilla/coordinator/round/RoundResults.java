package org.flotilla.coordinator.round;

import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.aggregation.AggregationResult;
import org.flotilla.coordinator.system.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code round_results} table: what closing a training cohort committed, keyed by the cohort.
 * A row whose new model waits for its server-side evaluation has {@code evaluation_seconds} null
 * ({@link RoundEvaluations} fills it in, with the test figures, when the evaluation is done).
 */
@Repository
public class RoundResults {

    private final JdbcClient jdbc;

    RoundResults(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(long cohortId, AggregationResult res) {
        jdbc.sql("""
                INSERT INTO round_results (cohort_id, new_model, result_weights_sha256, strategy_state_sha256,
                    provenance_sha256, aggregation_seconds, evaluation_seconds, train_examples, train_loss, train_accuracy,
                    test_examples, test_loss, test_accuracy)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(cohortId, res.newModel(), res.weightsSha256(), res.strategyStateSha256(), res.provenanceSha256(),
                        res.aggregationTime().toNanos() / 1e9,
                        res.evaluationTime() == null ? null : res.evaluationTime().toNanos() / 1e9,
                        res.train().examples(), res.train().loss(), res.train().accuracy(),
                        res.test() == null ? null : res.test().examples(), res.test() == null ? null : res.test().loss(),
                        res.test() == null ? null : res.test().accuracy())
                .update();
    }

    /** A round result whose server-side evaluation is due. */
    public record PendingEvaluation(long cohortId, long jobId, int roundNo, String weightsSha256) {
    }

    private static final String PENDING = """
            SELECT rr.cohort_id, c.job_id, c.round_no, rr.result_weights_sha256 FROM round_results rr
            JOIN cohorts c ON c.id = rr.cohort_id
            WHERE rr.new_model AND rr.evaluation_seconds IS NULL""";

    /** Every round result whose server-side evaluation is due, oldest first. */
    public List<PendingEvaluation> pendingEvaluations() {
        return jdbc.sql(PENDING + " ORDER BY c.id").query(RoundResults::pending).list();
    }

    /** The due evaluation of the result committed by {@code cohortId}, or empty. */
    public Optional<PendingEvaluation> pendingEvaluation(long cohortId) {
        return jdbc.sql(PENDING + " AND rr.cohort_id = ?").param(cohortId).query(RoundResults::pending).optional();
    }

    /** Whether a round ≤ {@code upToRound} of the job still waits for its server-side evaluation. */
    public boolean evaluationPending(long jobId, int upToRound) {
        return jdbc.sql(PENDING + " AND c.job_id = ? AND c.round_no <= ?").params(jobId, upToRound)
                .query(RoundResults::pending).list().size() > 0;
    }

    /** The test accuracy of the job's latest round ≤ {@code upToRound} that has one recorded. */
    public Optional<Double> latestTestAccuracy(long jobId, int upToRound) {
        return jdbc.sql("""
                SELECT rr.test_accuracy FROM round_results rr JOIN cohorts c ON c.id = rr.cohort_id
                WHERE c.job_id = ? AND c.round_no <= ? AND rr.test_accuracy IS NOT NULL
                ORDER BY c.round_no DESC FETCH FIRST 1 ROWS ONLY""")
                .params(jobId, upToRound).query(Double.class).optional();
    }

    /**
     * Records a due evaluation's figures ({@code test} null when it gave none) and its time.
     *
     * @return false if the row was not waiting for one (already recorded)
     */
    public boolean recordEvaluation(long cohortId, AggregationResult.TestSummary test, double seconds) {
        return jdbc.sql("""
                UPDATE round_results SET evaluation_seconds = ?, test_examples = ?, test_loss = ?, test_accuracy = ?
                WHERE cohort_id = ? AND evaluation_seconds IS NULL""")
                .params(seconds, test == null ? null : test.examples(), test == null ? null : test.loss(),
                        test == null ? null : test.accuracy(), cohortId)
                .update() == 1;
    }

    private static PendingEvaluation pending(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new PendingEvaluation(rs.getLong("cohort_id"), rs.getLong("job_id"), rs.getInt("round_no"),
                rs.getString("result_weights_sha256"));
    }

    /** The result of a completed training cohort, or empty. */
    public Optional<RoundResult> find(long cohortId) {
        return jdbc.sql("SELECT * FROM round_results WHERE cohort_id = ?").param(cohortId)
                .query((rs, i) -> new RoundResult(Sql.nullableBoolean(rs, "new_model"),
                        rs.getString("result_weights_sha256"), rs.getString("strategy_state_sha256"),
                        rs.getString("provenance_sha256"), Sql.nullableDouble(rs, "aggregation_seconds"),
                        Sql.nullableDouble(rs, "evaluation_seconds"), Sql.nullableLong(rs, "train_examples"),
                        Sql.nullableDouble(rs, "train_loss"), Sql.nullableDouble(rs, "train_accuracy"),
                        Sql.nullableLong(rs, "test_examples"), Sql.nullableDouble(rs, "test_loss"),
                        Sql.nullableDouble(rs, "test_accuracy")))
                .optional();
    }
}
