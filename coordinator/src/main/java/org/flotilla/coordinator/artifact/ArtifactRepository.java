package org.flotilla.coordinator.artifact;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code artifacts} table: kind and size of each stored blob (the bytes live in files). */
@Repository
class ArtifactRepository {

    private final JdbcClient jdbc;
    private final Clock clock;

    ArtifactRepository(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Records an artifact unless it is already known (content addressing makes that harmless). */
    void recordIfAbsent(StoredArtifact a) {
        try {
            jdbc.sql("""
                    INSERT INTO artifacts (sha256, kind, size_bytes, created_at)
                    SELECT :sha, :kind, :size, :at WHERE NOT EXISTS (SELECT 1 FROM artifacts WHERE sha256 = :sha)""")
                    .param("sha", a.sha256()).param("kind", a.kind().name()).param("size", a.size())
                    .param("at", OffsetDateTime.now(clock).withOffsetSameInstant(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException raced) {
            // another thread or replica recorded the same bytes a moment earlier
        }
    }

    Optional<StoredArtifact> find(String sha) {
        return jdbc.sql("SELECT sha256, kind, size_bytes FROM artifacts WHERE sha256 = ?").param(sha)
                .query((rs, i) -> new StoredArtifact(rs.getString(1), rs.getLong(3), ArtifactKind.valueOf(rs.getString(2))))
                .optional();
    }
}
