package org.flotilla.coordinator.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code clients} table. */
@Repository
class ClientRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate batch;

    ClientRepository(JdbcClient jdbc, JdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    void insert(String id, String name, String secretSha256, String platform, int cores, long examples, Long tokenId,
                Instant now) {
        jdbc.sql("""
                INSERT INTO clients (id, name, secret_sha256, platform, client_version, cores, examples, enrolled_at,
                                     last_seen, enrolment_token_id)
                VALUES (?, ?, ?, ?, NULL, ?, ?, ?, ?, ?)""")
                .params(id, name, secretSha256, platform, cores, examples, Sql.ts(now), Sql.ts(now), tokenId)
                .update();
    }

    /** Whether the client exists and was not revoked; empty for an unknown client. */
    Optional<Boolean> active(String id) {
        return jdbc.sql("SELECT revoked_at FROM clients WHERE id = ?").param(id)
                .query((rs, i) -> Sql.instant(rs, "revoked_at") == null).optional();
    }

    /** Marks the client revoked (once); false when it does not exist. */
    boolean revoke(String id, Instant now) {
        jdbc.sql("UPDATE clients SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL").params(Sql.ts(now), id).update();
        return active(id).isPresent();
    }

    /** The stored secret hash of a client and whether it was revoked, in one indexed lookup. */
    Optional<Credential> credential(String id) {
        return jdbc.sql("SELECT secret_sha256, revoked_at FROM clients WHERE id = ?").param(id)
                .query((rs, i) -> new Credential(rs.getString("secret_sha256"), rs.getObject("revoked_at") != null))
                .optional();
    }

    record Credential(String secretSha256, boolean revoked) {
    }

    Optional<String> secretHash(String id) {
        return jdbc.sql("SELECT secret_sha256 FROM clients WHERE id = ?").param(id).query(String.class).optional();
    }

    /** Writes what the clients declared at their last check-ins (call it in one transaction: one commit). */
    void recordCheckIns(List<Map.Entry<String, CheckInLog.Seen>> seen) {
        batch.batchUpdate("""
                UPDATE clients SET cores = ?, examples = ?, platform = COALESCE(?, platform),
                       client_version = COALESCE(?, client_version), last_seen = ?
                WHERE id = ?""", seen, 500, (ps, e) -> {
                    CheckInLog.Seen s = e.getValue();
                    ps.setInt(1, s.cores());
                    ps.setLong(2, s.examples());
                    ps.setString(3, s.platform());
                    ps.setString(4, s.clientVersion());
                    ps.setObject(5, Sql.ts(s.at()));
                    ps.setString(6, e.getKey());
                });
    }

    List<String> ids() {
        return jdbc.sql("SELECT id FROM clients ORDER BY id").query(String.class).list();
    }

    long count() {
        return jdbc.sql("SELECT COUNT(*) FROM clients").query(Long.class).single();
    }

    /**
     * All clients, with whether each holds an assignment in an open training cohort or an open
     * cohort of another kind (an evaluation).
     */
    List<Row> list() {
        return jdbc.sql("""
                SELECT c.*, (SELECT COUNT(*) FROM cohort_participants p JOIN cohorts k ON k.id = p.cohort_id
                             WHERE p.client_id = c.id AND p.status = 'ASSIGNED' AND k.kind = 'TRAIN'
                               AND k.state IN ('SELECTION', 'WORKING')) AS open_assignments,
                            (SELECT COUNT(*) FROM cohort_participants p JOIN cohorts k ON k.id = p.cohort_id
                             WHERE p.client_id = c.id AND p.status = 'ASSIGNED' AND k.kind <> 'TRAIN'
                               AND k.state IN ('SELECTION', 'WORKING')) AS open_evaluations
                FROM clients c ORDER BY c.enrolled_at, c.id""")
                .query((rs, i) -> new Row(rs.getString("id"), rs.getString("name"), rs.getString("platform"),
                        rs.getString("client_version"), rs.getInt("cores"), rs.getLong("examples"),
                        Sql.instant(rs, "enrolled_at"), Sql.instant(rs, "last_seen"), rs.getLong("open_assignments") > 0,
                        rs.getLong("open_evaluations") > 0, Sql.instant(rs, "revoked_at")))
                .list();
    }

    record Row(String id, String name, String platform, String clientVersion, int cores, long examples,
               Instant enrolledAt, Instant lastSeen, boolean assigned, boolean evaluating, Instant revokedAt) {
    }
}
