package org.flotilla.coordinator.bundle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code bundles} table: one row per uploaded bundle jar (the bytes are an artifact). */
@Repository
class BundleRepository {

    private final JdbcClient jdbc;

    BundleRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Records a bundle unless the same jar was uploaded before (content addressing: same bytes, same row). */
    void insertIfAbsent(Bundle b) {
        try {
            jdbc.sql("""
                    INSERT INTO bundles (sha256, name, version, entry_class, spi_version, size_bytes, uploaded_at)
                    SELECT :sha, :name, :version, :entry, :spi, :size, :at
                    WHERE NOT EXISTS (SELECT 1 FROM bundles WHERE sha256 = :sha)""")
                    .param("sha", b.sha256()).param("name", b.name()).param("version", b.version())
                    .param("entry", b.entryClass()).param("spi", b.spiVersion()).param("size", b.size())
                    .param("at", Sql.ts(b.uploadedAt()))
                    .update();
        } catch (DuplicateKeyException raced) {
            // the same jar uploaded concurrently
        }
    }

    /** Attaches (or replaces) the signature a bundle is relayed with; jobs keep the one they were created with. */
    void attachSignature(String sha256, String signatureSha256, String keyId) {
        jdbc.sql("UPDATE bundles SET signature_sha256 = ?, publisher_key_id = ? WHERE sha256 = ?")
                .params(signatureSha256, keyId, sha256).update();
    }

    Optional<Bundle> find(String sha256) {
        return jdbc.sql("SELECT * FROM bundles WHERE sha256 = ?").param(sha256).query(BundleRepository::map).optional();
    }

    List<Bundle> list() {
        return jdbc.sql("SELECT * FROM bundles ORDER BY uploaded_at, sha256").query(BundleRepository::map).list();
    }

    private static Bundle map(ResultSet rs, int row) throws SQLException {
        return new Bundle(rs.getString("sha256"), rs.getLong("size_bytes"), rs.getString("name"),
                rs.getString("version"), rs.getString("entry_class"), rs.getInt("spi_version"),
                rs.getString("signature_sha256"), rs.getString("publisher_key_id"), Sql.instant(rs, "uploaded_at"));
    }
}
