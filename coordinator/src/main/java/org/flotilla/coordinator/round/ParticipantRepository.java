package org.flotilla.coordinator.round;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.flotilla.model.json.WireJson;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/**
 * The {@code participants} table: who was assigned which round attempt, and what became of it.
 * Status changes are conditional on the current status, like the round transitions.
 */
@Repository
public class ParticipantRepository {

    private static final TypeReference<Map<String, Double>> SETTINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    ParticipantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(long roundId, String clientId, Map<String, Double> settings, Instant at) {
        jdbc.sql("""
                INSERT INTO participants (round_id, client_id, status, settings, assigned_at)
                VALUES (?, ?, 'ASSIGNED', ?, ?)""")
                .params(roundId, clientId, WireJson.write(settings), Sql.ts(at))
                .update();
    }

    public List<Participant> ofRound(long roundId) {
        return jdbc.sql("SELECT * FROM participants WHERE round_id = ? ORDER BY assigned_at, client_id")
                .param(roundId).query(ParticipantRepository::map).list();
    }

    /** The client's live assignment: ASSIGNED in a round that is still open. */
    Optional<Participant> openAssignment(String clientId) {
        return jdbc.sql("""
                SELECT p.* FROM participants p JOIN rounds r ON r.id = p.round_id
                WHERE p.client_id = ? AND p.status = 'ASSIGNED' AND r.state IN ('SELECTION', 'TRAINING')
                ORDER BY r.id FETCH FIRST 1 ROWS ONLY""")
                .param(clientId).query(ParticipantRepository::map).optional();
    }

    /** The client's participation in the latest attempt of a round it took part in. */
    public Optional<Participant> latest(long jobId, int roundNo, String clientId) {
        return jdbc.sql("""
                SELECT p.* FROM participants p JOIN rounds r ON r.id = p.round_id
                WHERE r.job_id = ? AND r.round_no = ? AND p.client_id = ?
                ORDER BY r.attempt DESC FETCH FIRST 1 ROWS ONLY""")
                .params(jobId, roundNo, clientId).query(ParticipantRepository::map).optional();
    }

    /** Moves a participant from {@code from} to {@code to}; returns whether it was in {@code from}. */
    public boolean mark(long roundId, String clientId, ParticipantStatus from, ParticipantStatus to, Instant at) {
        return jdbc.sql("UPDATE participants SET status = ?, answered_at = ? WHERE round_id = ? AND client_id = ? AND status = ?")
                .params(to.name(), Sql.ts(at), roundId, clientId, from.name())
                .update() == 1;
    }

    boolean markDeclined(long roundId, String clientId, String reason, String detail, Instant at) {
        return jdbc.sql("""
                UPDATE participants SET status = 'DECLINED', answered_at = ?, decline_reason = ?, decline_detail = ?
                WHERE round_id = ? AND client_id = ? AND status = 'ASSIGNED'""")
                .params(Sql.ts(at), reason, detail, roundId, clientId)
                .update() == 1;
    }

    /** Marks every still-assigned participant DROPPED (the round closed without them). */
    int dropOutstanding(long roundId) {
        return jdbc.sql("UPDATE participants SET status = 'DROPPED' WHERE round_id = ? AND status = 'ASSIGNED'")
                .param(roundId).update();
    }

    /** Per attempt of a job: how many participants are in each status. */
    Map<Long, Map<ParticipantStatus, Integer>> statusCounts(long jobId) {
        Map<Long, Map<ParticipantStatus, Integer>> counts = new java.util.HashMap<>();
        jdbc.sql("""
                SELECT p.round_id, p.status, COUNT(*) AS n FROM participants p JOIN rounds r ON r.id = p.round_id
                WHERE r.job_id = ? GROUP BY p.round_id, p.status""")
                .param(jobId)
                .query(rs -> {
                    counts.computeIfAbsent(rs.getLong("round_id"), k -> new java.util.EnumMap<>(ParticipantStatus.class))
                            .put(ParticipantStatus.valueOf(rs.getString("status")), rs.getInt("n"));
                });
        return counts;
    }

    private static Participant map(ResultSet rs, int row) throws SQLException {
        return new Participant(rs.getLong("round_id"), rs.getString("client_id"),
                ParticipantStatus.valueOf(rs.getString("status")),
                WireJson.mapper().readValue(rs.getString("settings"), SETTINGS), Sql.instant(rs, "assigned_at"),
                Sql.instant(rs, "answered_at"), rs.getString("decline_reason"), rs.getString("decline_detail"));
    }
}
