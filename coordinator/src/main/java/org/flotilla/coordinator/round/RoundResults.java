package org.flotilla.coordinator.round;

import java.util.Optional;

import org.flotilla.coordinator.aggregation.AggregationResult;
import org.flotilla.coordinator.system.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code round_results} table: what closing a training cohort committed, keyed by the cohort. */
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
                        res.aggregationTime().toNanos() / 1e9, res.evaluationTime().toNanos() / 1e9,
                        res.train().examples(), res.train().loss(), res.train().accuracy(),
                        res.test() == null ? null : res.test().examples(), res.test() == null ? null : res.test().loss(),
                        res.test() == null ? null : res.test().accuracy())
                .update();
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
