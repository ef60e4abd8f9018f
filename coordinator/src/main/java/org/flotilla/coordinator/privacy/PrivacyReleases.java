package org.flotilla.coordinator.privacy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.flotilla.coordinator.system.Sql;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The table {@code privacy_releases}: at most one release per training cohort. */
@Repository
class PrivacyReleases {

    private final JdbcClient jdbc;

    PrivacyReleases(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Records a release (committed at once).
     *
     * @throws org.springframework.dao.DuplicateKeyException when the cohort has one already
     */
    void insert(PrivacyRelease r) {
        jdbc.sql("""
                INSERT INTO privacy_releases (cohort_id, job_id, round_no, attempt, noised_mean_sha256, contributors,
                    clipped_on_arrival, excluded, noise_stddev, denominator, unclipped_fraction, next_clip_norm, released_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.cohortId(), r.jobId(), r.round(), r.attempt(), r.noisedMeanSha256(), r.contributors(),
                        r.clippedOnArrival(), r.excluded(), r.noiseStddev(), r.denominator(), r.unclippedFraction(),
                        r.nextClipNorm(), Sql.ts(r.releasedAt()))
                .update();
    }

    Optional<PrivacyRelease> find(long cohortId) {
        return jdbc.sql("SELECT * FROM privacy_releases WHERE cohort_id = ?").param(cohortId)
                .query(PrivacyReleases::map).optional();
    }

    /**
     * The release of the last attempt of {@code round} that has one (the one the job moved on from).
     * One row read to the end: a result {@code stream()} would keep its JDBC connection until closed.
     */
    Optional<PrivacyRelease> latestOfRound(long jobId, int round) {
        return jdbc.sql("""
                SELECT * FROM privacy_releases WHERE job_id = ? AND round_no = ?
                ORDER BY attempt DESC FETCH FIRST 1 ROWS ONLY""")
                .params(jobId, round).query(PrivacyReleases::map).optional();
    }

    List<PrivacyRelease> ofJob(long jobId) {
        return jdbc.sql("SELECT * FROM privacy_releases WHERE job_id = ? ORDER BY round_no, attempt").param(jobId)
                .query(PrivacyReleases::map).list();
    }

    private static PrivacyRelease map(ResultSet rs, int row) throws SQLException {
        return new PrivacyRelease(rs.getLong("cohort_id"), rs.getLong("job_id"), rs.getInt("round_no"),
                rs.getInt("attempt"), rs.getString("noised_mean_sha256"), rs.getInt("contributors"),
                rs.getInt("clipped_on_arrival"), rs.getInt("excluded"), rs.getDouble("noise_stddev"),
                rs.getDouble("denominator"), Sql.nullableDouble(rs, "unclipped_fraction"),
                Sql.nullableDouble(rs, "next_clip_norm"), Sql.instant(rs, "released_at"));
    }
}
