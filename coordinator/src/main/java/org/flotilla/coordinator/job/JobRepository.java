package org.flotilla.coordinator.job;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.testset.EvaluationSpec;
import org.flotilla.coordinator.system.Sql;
import org.flotilla.model.json.WireJson;
import org.springframework.context.ApplicationEventPublisher;
import org.flotilla.secagg.SecAggParameters;
import org.flotilla.secagg.wire.ParametersCodec;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * The {@code jobs} table. State changes go through {@link #transition} only; each one applied is
 * announced as {@link JobEvents.StateChanged}.
 */
@Repository
public class JobRepository {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private static final TypeReference<Map<String, Double>> SETTINGS = new TypeReference<>() {
    };
    /** A job with its bundle's name and version (a bundle row never changes but for its latest signature). */
    private static final String SELECT = """
            SELECT j.*, b.name AS bundle_name, b.version AS bundle_version
            FROM jobs j LEFT JOIN bundles b ON b.sha256 = j.bundle_sha256""";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    JobRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Stores a new job in CREATED; returns its id. */
    long insert(Job j) {
        return insert(j, null);
    }

    /**
     * Stores a new job in CREATED with its SecAgg+ parameters (null for none); returns its id.
     */
    long insert(Job j, SecAggParameters secureAggregation) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        RoundPolicy p = j.policy();
        jdbc.sql("""
                INSERT INTO jobs (name, state, request_sha256, plan_sha256, architecture, parameter_count,
                    initial_weights_sha256, global_weights_sha256, strategy_name, strategy_settings, seed, round_count,
                    clients_per_round, min_clients, over_selection, round_timeout_seconds, selection_timeout_seconds,
                    max_round_retries, target_accuracy, evaluation, federated_evaluation, completed_rounds, created_at,
                    differential_privacy, bundle_sha256, bundle_signature_sha256, bundle_key_id, bundle_settings, secure_aggregation,
                    max_examples_per_client, plan_signature_sha256, plan_key_id)
                VALUES (:name, :state, :request, :plan, :arch, :params, :initial, :initial, :strategy, :settings, :seed,
                    :rounds, :cpr, :min, :over, :timeout, :selection, :retries, :target, :evaluation, :federated, 0,
                    :created, :dp, :bundle, :bundleSignature, :bundleKey, :bundleSettings, :secure, :maxExamples,
                    :planSignature, :planKey)""")
                .param("name", j.name()).param("state", JobState.CREATED.name()).param("request", j.requestSha256())
                .param("plan", j.planSha256()).param("arch", j.architecture()).param("params", j.parameterCount())
                .param("initial", j.initialWeightsSha256()).param("strategy", j.strategy())
                .param("settings", WireJson.write(j.strategySettings())).param("seed", j.seed())
                .param("rounds", j.rounds()).param("cpr", p.clientsPerRound()).param("min", p.minClients())
                .param("over", p.overSelection()).param("timeout", p.roundTimeoutSeconds())
                .param("selection", p.selectionTimeoutSeconds()).param("retries", p.maxRoundRetries())
                .param("target", j.targetAccuracy())
                .param("evaluation", j.evaluation() == null ? null : WireJson.write(j.evaluation()))
                .param("federated", j.federatedEvaluation() == null ? null : WireJson.write(j.federatedEvaluation()))
                .param("secure", secureAggregation == null ? null : ParametersCodec.toJson(secureAggregation))
                .param("created", Sql.ts(j.createdAt()))
                .param("dp", j.differentialPrivacy() == null ? null : WireJson.write(j.differentialPrivacy()))
                .param("bundle", j.bundle() == null ? null : j.bundle().sha256())
                .param("bundleSignature", j.bundle() == null ? null : j.bundle().signatureSha256())
                .param("bundleKey", j.bundle() == null ? null : j.bundle().publisherKeyId())
                .param("bundleSettings", j.bundle() == null ? null : WireJson.write(j.bundle().settings()))
                .param("maxExamples", j.maxExamplesPerClient())
                .param("planSignature", j.planSignature() == null ? null : j.planSignature().signatureSha256())
                .param("planKey", j.planSignature() == null ? null : j.planSignature().publisherKeyId())
                .update(keys, "id");
        return keys.getKeyAs(Number.class).longValue();
    }

    /** The job's SecAgg+ parameters; empty when its rounds are not secure. */
    public Optional<SecAggParameters> secureAggregation(long id) {
        return jdbc.sql("SELECT secure_aggregation FROM jobs WHERE id = ?").param(id)
                .query((rs, i) -> Optional.ofNullable(rs.getString(1)).map(ParametersCodec::fromJson))
                .optional().flatMap(p -> p);
    }

    public Optional<Job> find(long id) {
        return jdbc.sql(SELECT + " WHERE j.id = ?").param(id).query(JobRepository::map).optional();
    }

    public List<Job> list() {
        return jdbc.sql(SELECT + " ORDER BY j.id").query(JobRepository::map).list();
    }

    public List<Job> inState(JobState state) {
        return jdbc.sql(SELECT + " WHERE j.state = ? ORDER BY j.id").param(state.name()).query(JobRepository::map).list();
    }

    /**
     * Moves a job from {@code from} to {@code to} if it is still in {@code from} (a conditional
     * UPDATE, so concurrent callers and replicas cannot both apply it).
     *
     * @return whether this call applied the transition
     */
    public boolean transition(long id, JobState from, JobState to, String reason, Instant at) {
        from.requireCanMoveTo(to);
        String timeColumn = to == JobState.RUNNING ? "started_at" : "finished_at";
        boolean applied = jdbc.sql("UPDATE jobs SET state = ?, " + timeColumn + " = ?, reason = COALESCE(?, reason)"
                        + " WHERE id = ? AND state = ?")
                .params(to.name(), Sql.ts(at), reason, id, from.name())
                .update() == 1;
        if (applied) {
            events.publishEvent(new JobEvents.StateChanged(id, from, to, reason, at));
        }
        return applied;
    }

    /**
     * Records a completed round: the new global weights and strategy state, the count of completed
     * rounds and the latest test accuracy (kept when the round had none). Only for RUNNING jobs.
     */
    public boolean recordRound(long id, int completedRounds, String weightsSha256, String strategyStateSha256,
                               Double testAccuracy) {
        return jdbc.sql("""
                UPDATE jobs SET completed_rounds = ?, global_weights_sha256 = ?, strategy_state_sha256 = ?,
                       latest_test_accuracy = COALESCE(?, latest_test_accuracy)
                WHERE id = ? AND state = 'RUNNING' AND completed_rounds = ?""")
                .params(completedRounds, weightsSha256, strategyStateSha256, testAccuracy, id, completedRounds - 1)
                .update() == 1;
    }

    /**
     * Records what a differentially private job has spent, as of the round attempt in
     * {@code figures}; call it in the transaction that writes the attempt's ledger entry.
     */
    public void recordPrivacy(long id, PrivacyFigures figures) {
        jdbc.sql("UPDATE jobs SET privacy = ? WHERE id = ?").params(WireJson.write(figures), id).update();
    }

    /** Sets the job's latest server-side test accuracy (that of its latest evaluated round). */
    public void recordLatestTestAccuracy(long id, double accuracy) {
        jdbc.sql("UPDATE jobs SET latest_test_accuracy = ? WHERE id = ?").params(accuracy, id).update();
    }

    /** Records the accuracy of a completed federated evaluation as the job's latest. */
    public void recordFederatedAccuracy(long id, double accuracy) {
        jdbc.sql("UPDATE jobs SET latest_federated_accuracy = ? WHERE id = ?").params(accuracy, id).update();
    }

    private static Job map(ResultSet rs, int row) throws SQLException {
        String evaluation = rs.getString("evaluation");
        String federated = rs.getString("federated_evaluation");
        String dp = rs.getString("differential_privacy");
        String privacy = rs.getString("privacy");
        return new Job(rs.getLong("id"), rs.getString("name"), JobState.valueOf(rs.getString("state")),
                rs.getString("reason"), rs.getString("plan_sha256"), rs.getString("architecture"),
                rs.getLong("parameter_count"), rs.getString("initial_weights_sha256"),
                rs.getString("global_weights_sha256"), rs.getString("strategy_state_sha256"),
                rs.getString("strategy_name"), WireJson.mapper().readValue(rs.getString("strategy_settings"), MAP),
                rs.getLong("seed"), rs.getInt("round_count"),
                new RoundPolicy(rs.getInt("clients_per_round"), rs.getInt("min_clients"), rs.getDouble("over_selection"),
                        rs.getInt("round_timeout_seconds"), rs.getInt("selection_timeout_seconds"),
                        rs.getInt("max_round_retries")),
                Sql.nullableDouble(rs, "target_accuracy"),
                evaluation == null ? null : WireJson.read(evaluation, EvaluationSpec.class),
                federated == null ? null : WireJson.read(federated, FederatedEvaluationPolicy.class),
                rs.getInt("completed_rounds"), Sql.nullableDouble(rs, "latest_test_accuracy"),
                Sql.nullableDouble(rs, "latest_federated_accuracy"),
                rs.getString("request_sha256"), Sql.instant(rs, "created_at"), Sql.instant(rs, "started_at"),
                Sql.instant(rs, "finished_at"), dp == null ? null : WireJson.read(dp, DifferentialPrivacy.class),
                privacy == null ? null : WireJson.read(privacy, PrivacyFigures.class),
                bundle(rs), Sql.nullableLong(rs, "max_examples_per_client"), planSignature(rs));
    }

    private static PlanSignature planSignature(ResultSet rs) throws SQLException {
        String sha = rs.getString("plan_signature_sha256");
        return sha == null ? null : new PlanSignature(sha, rs.getString("plan_key_id"));
    }

    private static JobBundle bundle(ResultSet rs) throws SQLException {
        String sha = rs.getString("bundle_sha256");
        if (sha == null) {
            return null;
        }
        return new JobBundle(sha, rs.getString("bundle_name"), rs.getString("bundle_version"),
                rs.getString("bundle_key_id"), rs.getString("bundle_signature_sha256"),
                WireJson.mapper().readValue(rs.getString("bundle_settings"), SETTINGS));
    }
}
