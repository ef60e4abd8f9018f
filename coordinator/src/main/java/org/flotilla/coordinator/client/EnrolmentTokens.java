package org.flotilla.coordinator.client;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.system.AccessTokens;
import org.flotilla.coordinator.system.Conflict;
import org.flotilla.coordinator.system.EnrolmentTokenCheck;
import org.flotilla.coordinator.system.Invalid;
import org.flotilla.coordinator.system.NotFound;
import org.flotilla.coordinator.system.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/**
 * Enrolment tokens the operator creates, lists and revokes through the admin API, beside the one
 * configured enrolment token (which stays, for the demo). Each may carry a quota of enrolments and
 * an expiry, so a token handed to a batch of devices cannot mint identities without end. Only the
 * token's SHA-256 is stored (a fast hash suits a 256-bit random token); the token itself is shown
 * once, in the answer to its creation. A revoked, expired or used-up token is refused 401 like an
 * unknown one; the clients it enrolled are not affected (revoke those one by one).
 */
@Service
public class EnrolmentTokens implements EnrolmentTokenCheck {

    /** Largest quota of one token. */
    static final int MAX_QUOTA = 1_000_000;

    private final JdbcClient jdbc;
    private final Clock clock;

    EnrolmentTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * A token as the operator sees it; {@code token} is present only in the answer to its creation.
     *
     * @param id        its id, for revoking it
     * @param name      the operator's name for it
     * @param token     the bearer token devices enrol with; only in the answer to its creation, null after
     * @param quota     enrolments it allows in all, or null for no limit
     * @param used      enrolments made with it
     * @param expiresAt when it stops working, or null for never
     * @param createdAt when it was created
     * @param revokedAt when the operator revoked it, or null
     */
    public record EnrolmentToken(long id, String name, String token, Integer quota, int used, Instant expiresAt,
                                 Instant createdAt, Instant revokedAt) {
    }

    /**
     * What the operator asks for: a name, and optionally a quota and an expiry.
     *
     * @param name      1 to 200 characters
     * @param quota     enrolments it allows in all (at least 1), or null for no limit
     * @param expiresAt when it stops working, or null for never
     */
    public record Request(String name, Integer quota, Instant expiresAt) {
    }

    public EnrolmentToken create(Request r) {
        Instant now = clock.instant();
        if (r == null || r.name() == null || r.name().isBlank() || r.name().length() > 200) {
            throw Invalid.field("name", "1 to 200 characters", "name must be 1 to 200 characters");
        }
        if (r.quota() != null && (r.quota() < 1 || r.quota() > MAX_QUOTA)) {
            throw Invalid.field("quota", "in [1, " + MAX_QUOTA + "]", "quota must be in [1, " + MAX_QUOTA + "], was " + r.quota());
        }
        if (r.expiresAt() != null && !r.expiresAt().isAfter(now)) {
            throw Invalid.field("expiresAt", "a time in the future", "expiresAt must lie in the future, was " + r.expiresAt());
        }
        String token = AccessTokens.randomSecret();
        jdbc.sql("""
                INSERT INTO enrolment_tokens (name, token_sha256, quota, used, expires_at, created_at)
                VALUES (?, ?, ?, 0, ?, ?)""")
                .params(r.name().strip(), ClientService.hash(token), r.quota(), Sql.ts(r.expiresAt()), Sql.ts(now))
                .update();
        long id = idOf(ClientService.hash(token));
        return find(id).map(t -> new EnrolmentToken(t.id(), t.name(), token, t.quota(), t.used(), t.expiresAt(),
                t.createdAt(), t.revokedAt())).orElseThrow();
    }

    /** Every token, newest first, without the tokens themselves. */
    public List<EnrolmentToken> list() {
        return jdbc.sql("SELECT * FROM enrolment_tokens ORDER BY id DESC").query(EnrolmentTokens::map).list();
    }

    /** Revokes a token (again: no change); enrolments with it are refused from now on. */
    public EnrolmentToken revoke(long id) {
        jdbc.sql("UPDATE enrolment_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL")
                .params(Sql.ts(clock.instant()), id).update();
        return find(id).orElseThrow(() -> new NotFound("enrolment token " + id));
    }

    @Override
    public Optional<Long> usableToken(String token) {
        return jdbc.sql("""
                SELECT id FROM enrolment_tokens WHERE token_sha256 = ? AND revoked_at IS NULL
                  AND (expires_at IS NULL OR expires_at > ?) AND (quota IS NULL OR used < quota)""")
                .params(ClientService.hash(token), Sql.ts(clock.instant())).query(Long.class).optional();
    }

    /**
     * Counts one enrolment against token {@code id}, if it is still usable; run in the
     * enrolment's transaction, so a failed enrolment does not use up the quota.
     *
     * @throws Conflict when the token was revoked, expired or used up since the request was authenticated
     */
    void consume(long id) {
        int n = jdbc.sql("""
                UPDATE enrolment_tokens SET used = used + 1 WHERE id = ? AND revoked_at IS NULL
                  AND (expires_at IS NULL OR expires_at > ?) AND (quota IS NULL OR used < quota)""")
                .params(id, Sql.ts(clock.instant())).update();
        if (n != 1) {
            throw new Conflict("enrolment-token-used-up", "enrolment token " + id
                    + " was revoked, expired or used up its quota while this enrolment was being made");
        }
    }

    private long idOf(String sha256) {
        return jdbc.sql("SELECT id FROM enrolment_tokens WHERE token_sha256 = ?").param(sha256).query(Long.class).single();
    }

    private Optional<EnrolmentToken> find(long id) {
        return jdbc.sql("SELECT * FROM enrolment_tokens WHERE id = ?").param(id).query(EnrolmentTokens::map).optional();
    }

    private static EnrolmentToken map(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        int quota = rs.getInt("quota");
        return new EnrolmentToken(rs.getLong("id"), rs.getString("name"), null, rs.wasNull() ? null : quota,
                rs.getInt("used"), Sql.instant(rs, "expires_at"), Sql.instant(rs, "created_at"), Sql.instant(rs, "revoked_at"));
    }
}
