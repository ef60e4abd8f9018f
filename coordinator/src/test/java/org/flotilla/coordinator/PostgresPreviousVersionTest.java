package org.flotilla.coordinator;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.Statement;
import java.util.List;

import org.flotilla.coordinator.support.AdminApi;
import org.flotilla.coordinator.support.IntegrationTest;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The cohort-engine migration (V3) on PostgreSQL, with the data the previous version wrote: a
 * scratch database is migrated to V2 only, every row of the H2 fixture of
 * {@link PreviousVersionDataTest} is copied into it, and the coordinator started on it must show
 * the same jobs, rounds and evaluations and finish the open round. Runs only when
 * {@code FLOTILLA_TEST_DB_URL2} names a scratch database (it is emptied first), e.g.
 * {@code jdbc:postgresql://localhost:5432/flotilla_test2}, with {@code FLOTILLA_DB_USER} and
 * {@code FLOTILLA_DB_PASSWORD}.
 */
@EnabledIfEnvironmentVariable(named = "FLOTILLA_TEST_DB_URL2", matches = "jdbc:postgresql:.+")
class PostgresPreviousVersionTest {

    /** The previous version's tables, parents first. */
    private static final List<String> TABLES = List.of("artifacts", "clients", "jobs", "rounds", "participants",
            "updates", "rejections", "evaluations", "evaluation_participants");

    @TempDir
    Path dataDir;

    @Test
    void thePreviousVersionsDataMigratesOnPostgres() throws Exception {
        String url = System.getenv("FLOTILLA_TEST_DB_URL2");
        String user = System.getenv().getOrDefault("FLOTILLA_DB_USER", "flotilla");
        String password = System.getenv().getOrDefault("FLOTILLA_DB_PASSWORD", "");
        PreviousVersionDataTest.unzip("/fixtures/data-dir-v2.zip", dataDir);
        Flyway v2 = Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration")
                .target("2").cleanDisabled(false).load();
        v2.clean();
        v2.migrate();
        try (Connection h2 = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("db").resolve("flotilla"), "sa", "");
             Connection pg = DriverManager.getConnection(url, user, password)) {
            for (String table : TABLES) {
                copy(h2, pg, table);
            }
            try (Statement s = pg.createStatement()) {
                for (String table : List.of("jobs", "rounds", "rejections", "evaluations")) {
                    s.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT MAX(id) FROM " + table + "))");
                }
            }
        }
        FileSystemUtils.deleteRecursively(dataDir.resolve("db"));

        ConfigurableApplicationContext context = new SpringApplicationBuilder(CoordinatorApplication.class)
                .profiles("test", "postgres")
                .run("--server.port=0", "--flotilla.data-dir=" + dataDir, "--spring.datasource.url=" + url,
                        "--spring.datasource.username=" + user, "--spring.datasource.password=" + password);
        try {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            PreviousVersionDataTest.assertTheFixturesJobs(new AdminApi(URI.create("http://localhost:" + port),
                    IntegrationTest.ADMIN_TOKEN));
        } finally {
            context.close();
        }
    }

    private static void copy(Connection from, Connection to, String table) throws Exception {
        try (Statement s = from.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM " + table)) {
            ResultSetMetaData meta = rs.getMetaData();
            StringBuilder columns = new StringBuilder();
            StringBuilder marks = new StringBuilder();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                columns.append(i > 1 ? ", " : "").append(meta.getColumnName(i).toLowerCase(java.util.Locale.ROOT));
                marks.append(i > 1 ? ", " : "").append('?');
            }
            try (PreparedStatement insert = to.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + marks + ")")) {
                while (rs.next()) {
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        insert.setObject(i, rs.getObject(i));
                    }
                    insert.executeUpdate();
                }
            }
        }
    }
}
