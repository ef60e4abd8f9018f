package org.flotilla.coordinator.web;

import org.flotilla.coordinator.system.ArtifactAccess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * A client may download the plan of a job it was ever assigned to and the plan's publisher
 * signature, the weights any cohort of that job started from, and the job's code bundle and its
 * signature; nothing else (another job's
 * model, an update, a strategy state).
 */
@Component
class AssignedArtifacts implements ArtifactAccess {

    private final JdbcClient jdbc;

    AssignedArtifacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean mayDownload(String clientId, String sha256) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM jobs j
                WHERE EXISTS (SELECT 1 FROM cohort_participants p JOIN cohorts c ON c.id = p.cohort_id
                              WHERE c.job_id = j.id AND p.client_id = ?)
                  AND (j.plan_sha256 = ? OR j.plan_signature_sha256 = ? OR j.bundle_sha256 = ?
                       OR j.bundle_signature_sha256 = ?
                       OR EXISTS (SELECT 1 FROM cohorts w WHERE w.job_id = j.id AND w.weights_sha256 = ?))""")
                .params(clientId, sha256, sha256, sha256, sha256, sha256).query(Long.class).single() > 0;
    }
}
