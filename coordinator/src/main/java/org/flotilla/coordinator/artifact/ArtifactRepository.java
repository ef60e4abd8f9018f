package org.flotilla.coordinator.artifact;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code artifacts} table: kind and size of each stored blob (the bytes live in the store). */
@Repository
class ArtifactRepository {

    /** The kind written by the orphan sweep's claim; never committed (the claim is always rolled back). */
    static final String SWEEP_CLAIM = "SWEEP_CLAIM";

    private final JdbcClient jdbc;
    private final Clock clock;

    ArtifactRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** What {@link #recordIfAbsent} found. */
    enum Recorded {
        /** The row was inserted by this call (it commits with the caller's transaction). */
        NEW,
        /** A committed row was there already. */
        KNOWN,
        /**
         * Another transaction committed the same row meanwhile; on PostgreSQL the caller's
         * transaction is then aborted and may run no further statement.
         */
        RACED
    }

    /** Records an artifact unless it is already known (content addressing makes that harmless). */
    Recorded recordIfAbsent(StoredArtifact a) {
        try {
            int inserted = jdbc.sql("""
                    INSERT INTO artifacts (sha256, kind, size_bytes, created_at)
                    SELECT :sha, :kind, :size, :at WHERE NOT EXISTS (SELECT 1 FROM artifacts WHERE sha256 = :sha)""")
                    .param("sha", a.sha256()).param("kind", a.kind().name()).param("size", a.size())
                    .param("at", now())
                    .update();
            return inserted == 1 ? Recorded.NEW : Recorded.KNOWN;
        } catch (DuplicateKeyException raced) {
            // another thread or replica recorded the same bytes a moment earlier
            return Recorded.RACED;
        }
    }

    /**
     * Inserts the sweep's claim on a name: succeeds only while no row for it is committed or being
     * inserted by another transaction (H2 and PostgreSQL both make this insert wait for that
     * transaction, then fail if it committed). The caller rolls the claim back.
     *
     * @throws org.springframework.dao.DataAccessException when the name is recorded or being recorded
     */
    void claim(String sha256) {
        jdbc.sql("INSERT INTO artifacts (sha256, kind, size_bytes, created_at) VALUES (?, ?, 0, ?)")
                .params(sha256, SWEEP_CLAIM, now()).update();
    }

    /** The names among {@code shas} that have a committed row. */
    Set<String> recorded(Collection<String> shas) {
        if (shas.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbc.sql("SELECT sha256 FROM artifacts WHERE sha256 IN (:shas)").param("shas", shas)
                .query(String.class).list());
    }

    Optional<StoredArtifact> find(String sha) {
        return jdbc.sql("SELECT sha256, kind, size_bytes FROM artifacts WHERE sha256 = ?").param(sha)
                .query((rs, i) -> new StoredArtifact(rs.getString(1), rs.getLong(3), ArtifactKind.valueOf(rs.getString(2))))
                .optional();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
