package org.flotilla.coordinator.evaluation;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.flotilla.model.wire.EvalResult;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What evaluation participants return and what closing an evaluation records: the
 * {@code evaluation_results} table (one client's figures) and {@code evaluation_summaries} (the
 * cohort's example-weighted figures).
 */
@Repository
public class EvaluationResultRepository {

    private final JdbcClient jdbc;

    EvaluationResultRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long cohortId, String clientId, EvalResult r) {
        jdbc.sql("INSERT INTO evaluation_results (cohort_id, client_id, examples, loss, accuracy) VALUES (?, ?, ?, ?, ?)")
                .params(cohortId, clientId, r.examples(), r.loss(), r.accuracy()).update();
    }

    /** The accepted results of an evaluation, by client id. */
    public Map<String, EvalResult> results(long cohortId) {
        Map<String, EvalResult> results = new TreeMap<>();
        jdbc.sql("SELECT * FROM evaluation_results WHERE cohort_id = ?").param(cohortId)
                .query(rs -> {
                    results.put(rs.getString("client_id"),
                            new EvalResult(rs.getLong("examples"), rs.getDouble("loss"), rs.getDouble("accuracy")));
                });
        return results;
    }

    Optional<EvalResult> result(long cohortId, String clientId) {
        return Optional.ofNullable(results(cohortId).get(clientId));
    }

    void insertSummary(long cohortId, EvalResult r) {
        jdbc.sql("INSERT INTO evaluation_summaries (cohort_id, examples, loss, accuracy) VALUES (?, ?, ?, ?)")
                .params(cohortId, r.examples(), r.loss(), r.accuracy()).update();
    }

    /** The figures a completed evaluation recorded. */
    public Optional<EvalResult> summary(long cohortId) {
        return jdbc.sql("SELECT * FROM evaluation_summaries WHERE cohort_id = ?").param(cohortId)
                .query((rs, i) -> new EvalResult(rs.getLong("examples"), rs.getDouble("loss"), rs.getDouble("accuracy")))
                .optional();
    }
}
