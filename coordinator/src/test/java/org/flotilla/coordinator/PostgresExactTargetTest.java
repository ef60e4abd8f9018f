package org.flotilla.coordinator;

import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link ExactTargetTest} on PostgreSQL: the exact target is the same conditional increment there.
 * Runs only when {@code FLOTILLA_TEST_DB_URL} names a scratch database (as {@link PostgresTest}).
 */
@ActiveProfiles({"test", "postgres"})
@EnabledIfEnvironmentVariable(named = "FLOTILLA_TEST_DB_URL", matches = "jdbc:postgresql:.+")
class PostgresExactTargetTest extends ExactTargetTest {

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> System.getenv("FLOTILLA_TEST_DB_URL"));
    }
}
