package org.flotilla.coordinator.cohort;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.flotilla.model.json.WireJson;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * The {@code cohort_participants} table: who was assigned which cohort, and what became of it.
 * Status changes are conditional on the current status and checked by {@link ParticipantStatus};
 * each one applied is announced as {@link CohortEvents.ParticipantChanged} within the transaction.
 */
@Repository
public class ParticipantRepository implements SelectionPolicy.Lookup {

    private static final TypeReference<Map<String, Double>> SETTINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    ParticipantRepository(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    void insert(long cohortId, String clientId, Map<String, Double> settings, long declaredExamples, Instant at) {
        jdbc.sql("""
                INSERT INTO cohort_participants (cohort_id, client_id, status, settings, assigned_at, declared_examples)
                VALUES (?, ?, 'ASSIGNED', ?, ?, ?)""")
                .params(cohortId, clientId, WireJson.write(settings), Sql.ts(at), declaredExamples)
                .update();
        changed(cohortId, clientId, ParticipantStatus.ASSIGNED, null, at);
    }

    private boolean changed(long cohortId, String clientId, ParticipantStatus status, String declineReason, Instant at) {
        events.publishEvent(new CohortEvents.ParticipantChanged(cohortId, clientId, status, declineReason, at));
        return true;
    }

    /**
     * The example count {@code clientId} declared at the check-in that assigned it
     * {@code cohortId}: the most training examples its answer may claim. Empty for rows written
     * before the count was recorded.
     */
    public java.util.OptionalLong declaredExamples(long cohortId, String clientId) {
        Long declared = jdbc.sql("SELECT declared_examples FROM cohort_participants WHERE cohort_id = ? AND client_id = ?")
                .params(cohortId, clientId).query((rs, i) -> Sql.nullableLong(rs, "declared_examples")).optional().orElse(null);
        return declared == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(declared);
    }

    /** The participants of a cohort, in the order they were assigned. */
    public List<Participant> ofCohort(long cohortId) {
        return jdbc.sql("SELECT * FROM cohort_participants WHERE cohort_id = ? ORDER BY assigned_at, client_id")
                .param(cohortId).query(ParticipantRepository::map).list();
    }

    /** The client's live assignments: ASSIGNED in a cohort that is still open, oldest first. */
    List<Participant> openAssignments(String clientId) {
        return jdbc.sql("""
                SELECT p.* FROM cohort_participants p JOIN cohorts c ON c.id = p.cohort_id
                WHERE p.client_id = ? AND p.status = 'ASSIGNED' AND c.state IN ('SELECTION', 'WORKING')
                ORDER BY c.id""")
                .param(clientId).query(ParticipantRepository::map).list();
    }

    public Optional<Participant> find(long cohortId, String clientId) {
        return jdbc.sql("SELECT * FROM cohort_participants WHERE cohort_id = ? AND client_id = ?")
                .params(cohortId, clientId).query(ParticipantRepository::map).optional();
    }

    /** The client's part in the latest cohort of {@code kind} of a round it took part in. */
    public Optional<Participant> latest(long jobId, CohortKind kind, int roundNo, String clientId) {
        return jdbc.sql("""
                SELECT p.* FROM cohort_participants p JOIN cohorts c ON c.id = p.cohort_id
                WHERE c.job_id = ? AND c.kind = ? AND c.round_no = ? AND p.client_id = ?
                ORDER BY c.attempt DESC FETCH FIRST 1 ROWS ONLY""")
                .params(jobId, kind.name(), roundNo, clientId).query(ParticipantRepository::map).optional();
    }

    /** The client's part in the most recently opened cohort of a round, of any kind. */
    Optional<Participant> latestOfRound(long jobId, int roundNo, String clientId) {
        return jdbc.sql("""
                SELECT p.* FROM cohort_participants p JOIN cohorts c ON c.id = p.cohort_id
                WHERE c.job_id = ? AND c.round_no = ? AND p.client_id = ?
                ORDER BY c.id DESC FETCH FIRST 1 ROWS ONLY""")
                .params(jobId, roundNo, clientId).query(ParticipantRepository::map).optional();
    }

    @Override
    public boolean reported(long cohortId, String clientId) {
        return find(cohortId, clientId).map(p -> p.status() == ParticipantStatus.REPORTED).orElse(false);
    }

    /** Moves a participant from {@code from} to {@code to}; returns whether it was in {@code from}. */
    public boolean mark(long cohortId, String clientId, ParticipantStatus from, ParticipantStatus to, Instant at) {
        from.requireCanMoveTo(to);
        return jdbc.sql("""
                UPDATE cohort_participants SET status = ?, answered_at = ?
                WHERE cohort_id = ? AND client_id = ? AND status = ?""")
                .params(to.name(), Sql.ts(at), cohortId, clientId, from.name())
                .update() == 1 && changed(cohortId, clientId, to, null, at);
    }

    /**
     * Marks a participant that answered after the close or the target LATE, whether the close has
     * already dropped it or not (one statement, so a concurrent close cannot slip in between).
     */
    boolean markLate(long cohortId, String clientId, Instant at) {
        ParticipantStatus.ASSIGNED.requireCanMoveTo(ParticipantStatus.LATE);
        ParticipantStatus.DROPPED.requireCanMoveTo(ParticipantStatus.LATE);
        return jdbc.sql("""
                UPDATE cohort_participants SET status = 'LATE', answered_at = ?
                WHERE cohort_id = ? AND client_id = ? AND status IN ('ASSIGNED', 'DROPPED')""")
                .params(Sql.ts(at), cohortId, clientId).update() == 1
                && changed(cohortId, clientId, ParticipantStatus.LATE, null, at);
    }

    boolean markDeclined(long cohortId, String clientId, String reason, String detail, Instant at) {
        ParticipantStatus.ASSIGNED.requireCanMoveTo(ParticipantStatus.DECLINED);
        return jdbc.sql("""
                UPDATE cohort_participants SET status = 'DECLINED', answered_at = ?, decline_reason = ?, decline_detail = ?
                WHERE cohort_id = ? AND client_id = ? AND status = 'ASSIGNED'""")
                .params(Sql.ts(at), reason, detail, cohortId, clientId)
                .update() == 1 && changed(cohortId, clientId, ParticipantStatus.DECLINED, reason, at);
    }

    /** Marks one still-assigned participant DROPPED with a note (its client was revoked). */
    boolean markDropped(long cohortId, String clientId, String detail, Instant at) {
        ParticipantStatus.ASSIGNED.requireCanMoveTo(ParticipantStatus.DROPPED);
        return jdbc.sql("""
                UPDATE cohort_participants SET status = 'DROPPED', answered_at = ?, decline_detail = ?
                WHERE cohort_id = ? AND client_id = ? AND status = 'ASSIGNED'""")
                .params(Sql.ts(at), detail, cohortId, clientId)
                .update() == 1 && changed(cohortId, clientId, ParticipantStatus.DROPPED, null, at);
    }

    /**
     * Marks every still-assigned participant DROPPED (the cohort closed without them). Called with
     * the cohort row locked by its closing transition, so the participants read first are the ones
     * the update drops.
     */
    int dropOutstanding(long cohortId) {
        ParticipantStatus.ASSIGNED.requireCanMoveTo(ParticipantStatus.DROPPED);
        List<String> outstanding = jdbc.sql("SELECT client_id FROM cohort_participants WHERE cohort_id = ? AND status = 'ASSIGNED'")
                .param(cohortId).query(String.class).list();
        if (outstanding.isEmpty()) {
            return 0;
        }
        int dropped = jdbc.sql("UPDATE cohort_participants SET status = 'DROPPED' WHERE cohort_id = ? AND status = 'ASSIGNED'")
                .param(cohortId).update();
        Instant now = Instant.now();
        outstanding.forEach(client -> changed(cohortId, client, ParticipantStatus.DROPPED, null, now));
        return dropped;
    }

    /** Per cohort of {@code kind} of a job: how many participants are in each status. */
    public Map<Long, Map<ParticipantStatus, Integer>> statusCounts(long jobId, CohortKind kind) {
        Map<Long, Map<ParticipantStatus, Integer>> counts = new HashMap<>();
        jdbc.sql("""
                SELECT p.cohort_id, p.status, COUNT(*) AS n FROM cohort_participants p JOIN cohorts c ON c.id = p.cohort_id
                WHERE c.job_id = ? AND c.kind = ? GROUP BY p.cohort_id, p.status""")
                .params(jobId, kind.name())
                .query(rs -> {
                    counts.computeIfAbsent(rs.getLong("cohort_id"), k -> new EnumMap<>(ParticipantStatus.class))
                            .put(ParticipantStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                });
        return counts;
    }

    private static Participant map(ResultSet rs, int row) throws SQLException {
        return new Participant(rs.getLong("cohort_id"), rs.getString("client_id"),
                ParticipantStatus.valueOf(rs.getString("status")),
                WireJson.mapper().readValue(rs.getString("settings"), SETTINGS), Sql.instant(rs, "assigned_at"),
                Sql.instant(rs, "answered_at"), rs.getString("decline_reason"), rs.getString("decline_detail"));
    }
}
