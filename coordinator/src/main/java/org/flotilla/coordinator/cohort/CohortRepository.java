package org.flotilla.coordinator.cohort;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The {@code cohorts} table. Every state change goes through {@link #transition}; the counters
 * ({@code assigned}, {@code reported}, {@code declined}) change only by conditional increments that
 * also check the state, so the exact target and the selection target hold across threads and
 * replicas on H2 and PostgreSQL alike. Transactions that touch a cohort and its participants lock
 * the cohort row first, so they cannot deadlock one another. Every applied state change (and the
 * opening) is announced as {@link CohortEvents.StateChanged} within the transaction.
 */
@Repository
public class CohortRepository {

    private static final String OPEN = "('SELECTION', 'WORKING')";

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    CohortRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** Inserts a cohort in SELECTION; the unique key (job, kind, round, attempt) rejects a duplicate. */
    long insert(CohortSpec s, Instant openedAt) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO cohorts (job_id, kind, round_no, attempt, parent_id, state, weights_sha256, wanted, quorum,
                    selection_target, assigned, reported, declined, opened_at, selection_deadline, deadline)
                VALUES (?, ?, ?, ?, ?, 'SELECTION', ?, ?, ?, ?, 0, 0, 0, ?, ?, ?)""")
                .params(s.jobId(), s.kind().name(), s.roundNo(), s.attempt(), s.parentId(), s.weightsSha256(), s.wanted(),
                        s.quorum(), s.selectionTarget(), Sql.ts(openedAt),
                        Sql.ts(openedAt.plusSeconds(s.selectionSeconds())), Sql.ts(openedAt.plusSeconds(s.timeoutSeconds())))
                .update(keys, "id");
        long id = keys.getKeyAs(Number.class).longValue();
        events.publishEvent(new CohortEvents.StateChanged(id, null, CohortState.SELECTION, openedAt));
        return id;
    }

    public Optional<Cohort> find(long id) {
        return jdbc.sql("SELECT * FROM cohorts WHERE id = ?").param(id).query(CohortRepository::map).optional();
    }

    /** The job's most recent cohort of {@code kind} (highest round, then attempt). */
    public Optional<Cohort> latest(long jobId, CohortKind kind) {
        return jdbc.sql("""
                SELECT * FROM cohorts WHERE job_id = ? AND kind = ?
                ORDER BY round_no DESC, attempt DESC FETCH FIRST 1 ROWS ONLY""")
                .params(jobId, kind.name()).query(CohortRepository::map).optional();
    }

    /** Every cohort of {@code kind} of a job, by round and attempt. */
    public List<Cohort> ofJob(long jobId, CohortKind kind) {
        return jdbc.sql("SELECT * FROM cohorts WHERE job_id = ? AND kind = ? ORDER BY round_no, attempt")
                .params(jobId, kind.name()).query(CohortRepository::map).list();
    }

    /** The attempts of one round's cohort of {@code kind}, in order. */
    public List<Cohort> attempts(long jobId, CohortKind kind, int roundNo) {
        return jdbc.sql("SELECT * FROM cohorts WHERE job_id = ? AND kind = ? AND round_no = ? ORDER BY attempt")
                .params(jobId, kind.name(), roundNo).query(CohortRepository::map).list();
    }

    /** The completed attempt of a round's cohort of {@code kind}, if any. */
    public Optional<Cohort> completed(long jobId, CohortKind kind, int roundNo) {
        return jdbc.sql("SELECT * FROM cohorts WHERE job_id = ? AND kind = ? AND round_no = ? AND state = 'COMPLETED'")
                .params(jobId, kind.name(), roundNo).query(CohortRepository::map).optional();
    }

    /** The cohorts that follow {@code parentId}. */
    public List<Cohort> children(long parentId) {
        return jdbc.sql("SELECT * FROM cohorts WHERE parent_id = ? ORDER BY id").param(parentId)
                .query(CohortRepository::map).list();
    }

    /** Cohorts in any of {@code states}, oldest first. */
    public List<Cohort> inStates(List<CohortState> states) {
        return jdbc.sql("SELECT * FROM cohorts WHERE state IN (:states) ORDER BY id")
                .param("states", states.stream().map(Enum::name).toList())
                .query(CohortRepository::map).list();
    }

    /** A job's cohorts that have not finished. */
    List<Cohort> unfinished(long jobId) {
        return jdbc.sql("SELECT * FROM cohorts WHERE job_id = ? AND state NOT IN ('COMPLETED', 'FAILED') ORDER BY id")
                .param(jobId).query(CohortRepository::map).list();
    }

    /** Cohorts still selecting, with a free slot, that {@code clientId} is not part of; oldest first. */
    List<Cohort> selectableFor(String clientId) {
        return jdbc.sql("""
                SELECT c.* FROM cohorts c
                WHERE c.state = 'SELECTION' AND c.assigned < c.selection_target
                  AND NOT EXISTS (SELECT 1 FROM cohort_participants p WHERE p.cohort_id = c.id AND p.client_id = ?)
                ORDER BY c.id""")
                .param(clientId).query(CohortRepository::map).list();
    }

    /** The free selection slots of every cohort still selecting that has any, by cohort id. */
    Map<Long, Integer> freeSlots() {
        Map<Long, Integer> free = new java.util.HashMap<>();
        jdbc.sql("SELECT id, selection_target - assigned AS free FROM cohorts WHERE state = 'SELECTION'"
                + " AND assigned < selection_target")
                .query(rs -> {
                    free.put(rs.getLong("id"), rs.getInt("free"));
                });
        return free;
    }

    /**
     * Moves a cohort from {@code from} to {@code to} if it is still in {@code from}, stamping the
     * time of entry and optionally the outcome. With {@code onlyBelowQuorum} it applies only while
     * fewer than {@code quorum} answers are counted, so an answer counted a moment earlier cannot be
     * failed away; with a {@code leaseHolder} only while that replica holds the closing lease.
     *
     * @return whether this call applied the transition
     */
    boolean transition(long id, CohortState from, CohortState to, Instant at, String outcome, boolean onlyBelowQuorum,
                       String leaseHolder) {
        from.requireCanMoveTo(to);
        Map<String, Object> columns = new LinkedHashMap<>();
        columns.put("state", to.name());
        columns.put(CohortState.timeColumn(to), Sql.ts(at));
        if (outcome != null) {
            columns.put("outcome", outcome.length() > 2000 ? outcome.substring(0, 2000) : outcome);
        }
        StringBuilder sql = new StringBuilder("UPDATE cohorts SET ");
        columns.keySet().forEach(c -> sql.append(c).append(" = :").append(c).append(", "));
        sql.setLength(sql.length() - 2);
        sql.append(" WHERE id = :id AND state = :from");
        if (onlyBelowQuorum) {
            sql.append(" AND reported < quorum");
        }
        if (leaseHolder != null) {
            sql.append(" AND lease_holder = :holder");
        }
        var statement = jdbc.sql(sql.toString()).param("id", id).param("from", from.name());
        if (leaseHolder != null) {
            statement = statement.param("holder", leaseHolder);
        }
        for (Map.Entry<String, Object> c : columns.entrySet()) {
            statement = statement.param(c.getKey(), c.getValue());
        }
        if (statement.update() != 1) {
            return false;
        }
        events.publishEvent(new CohortEvents.StateChanged(id, from, to, at));
        return true;
    }

    /** Takes one selection slot if the cohort is still selecting and not full. */
    boolean reserveSlot(long id) {
        return jdbc.sql("UPDATE cohorts SET assigned = assigned + 1 WHERE id = ? AND state = 'SELECTION'"
                + " AND assigned < selection_target").param(id).update() == 1;
    }

    /**
     * Counts an answer if the cohort is open and has not yet counted {@code wanted}: the exact
     * target, applied by the database row lock, so concurrent answers cannot overshoot it.
     */
    boolean countReport(long id) {
        return jdbc.sql("UPDATE cohorts SET reported = reported + 1 WHERE id = ? AND state IN " + OPEN
                + " AND reported < wanted").param(id).update() == 1;
    }

    /** Counts a decline if the cohort is still open. */
    boolean countDecline(long id) {
        return jdbc.sql("UPDATE cohorts SET declined = declined + 1 WHERE id = ? AND state IN " + OPEN)
                .param(id).update() == 1;
    }

    /**
     * Takes the closing lease of a CLOSING cohort for {@code holder} until {@code until}, if nobody
     * holds it or the holder's lease has expired (a replica that died while closing).
     */
    boolean takeLease(long id, String holder, Instant now, Instant until) {
        return jdbc.sql("""
                UPDATE cohorts SET lease_holder = ?, lease_expires_at = ?
                WHERE id = ? AND state = 'CLOSING' AND (lease_holder IS NULL OR lease_expires_at < ?)""")
                .params(holder, Sql.ts(until), id, Sql.ts(now)).update() == 1;
    }

    /** Frees the lease of a CLOSING cohort held by exactly {@code holder} (a process that is gone). */
    boolean releaseLease(long id, String holder) {
        return jdbc.sql("""
                UPDATE cohorts SET lease_holder = NULL, lease_expires_at = NULL
                WHERE id = ? AND state = 'CLOSING' AND lease_holder = ?""").params(id, holder).update() == 1;
    }

    /** Extends {@code holder}'s lease while its closing step runs. */
    boolean renewLease(long id, String holder, Instant until) {
        return jdbc.sql("UPDATE cohorts SET lease_expires_at = ? WHERE id = ? AND state = 'CLOSING' AND lease_holder = ?")
                .params(Sql.ts(until), id, holder).update() == 1;
    }

    private static Cohort map(ResultSet rs, int row) throws SQLException {
        long parent = rs.getLong("parent_id");
        Long parentId = rs.wasNull() ? null : parent;
        return new Cohort(rs.getLong("id"), rs.getLong("job_id"), new CohortKind(rs.getString("kind")),
                rs.getInt("round_no"), rs.getInt("attempt"), parentId, CohortState.valueOf(rs.getString("state")),
                rs.getString("weights_sha256"), rs.getInt("wanted"), rs.getInt("quorum"), rs.getInt("selection_target"),
                rs.getInt("assigned"), rs.getInt("reported"), rs.getInt("declined"), Sql.instant(rs, "opened_at"),
                Sql.instant(rs, "selection_deadline"), Sql.instant(rs, "deadline"), Sql.instant(rs, "work_started_at"),
                Sql.instant(rs, "closing_started_at"), Sql.instant(rs, "finished_at"), rs.getString("outcome"),
                rs.getString("lease_holder"), Sql.instant(rs, "lease_expires_at"));
    }
}
