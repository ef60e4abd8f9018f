package org.flotilla.coordinator.artifact;

import java.nio.file.Path;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * {@link DatabaseArtifactStoreTest} on PostgreSQL, in a schema of its own ({@code artifact_store_test},
 * dropped first) of the scratch database {@code FLOTILLA_TEST_DB_URL} (with {@code FLOTILLA_DB_USER}
 * and {@code FLOTILLA_DB_PASSWORD}, as {@code PostgresTest}); scripts/test-postgres.sh provides one.
 */
@EnabledIfEnvironmentVariable(named = "FLOTILLA_TEST_DB_URL", matches = "jdbc:postgresql:.+")
class PostgresDatabaseArtifactStoreTest extends DatabaseArtifactStoreTest {

    @Override
    StoreFixture fixture(Path dir) throws Exception {
        return StoreFixture.databaseOnPostgres(dir, System.getenv("FLOTILLA_TEST_DB_URL"),
                System.getenv().getOrDefault("FLOTILLA_DB_USER", "flotilla"),
                System.getenv().getOrDefault("FLOTILLA_DB_PASSWORD", ""), "artifact_store_test");
    }
}
