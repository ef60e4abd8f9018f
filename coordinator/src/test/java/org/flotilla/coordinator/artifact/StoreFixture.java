package org.flotilla.coordinator.artifact;

import java.nio.file.Path;
import java.time.Clock;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;

/**
 * A real artifact store over a real database (Flyway's migrations): an H2 file database in a
 * temporary folder, or a schema of its own in a PostgreSQL scratch database.
 */
final class StoreFixture implements AutoCloseable {

    final Path dataDir;
    final JdbcClient jdbc;
    final ArtifactRepository repository;
    final DataSourceTransactionManager transactions;
    final ArtifactStore store;
    private final DataSource dataSource;

    /** The filesystem store on H2. */
    StoreFixture(Path dataDir) throws Exception {
        this(dataDir, h2(dataDir), ArtifactProperties.Store.FILESYSTEM);
    }

    /** The database store on H2. */
    static StoreFixture databaseOnH2(Path dataDir) throws Exception {
        return new StoreFixture(dataDir, h2(dataDir), ArtifactProperties.Store.DATABASE);
    }

    /**
     * The database store in the schema {@code schema} (dropped and created again) of the PostgreSQL
     * database at {@code url}.
     */
    static StoreFixture databaseOnPostgres(Path dataDir, String url, String user, String password, String schema)
            throws Exception {
        return onPostgres(dataDir, url, user, password, schema, ArtifactProperties.Store.DATABASE);
    }

    /** {@code kind} with its rows in the schema {@code schema} (dropped and created again) of a PostgreSQL database. */
    static StoreFixture onPostgres(Path dataDir, String url, String user, String password, String schema,
                                   ArtifactProperties.Store kind) throws Exception {
        Flyway flyway = Flyway.configure().dataSource(url, user, password).schemas(schema)
                .locations("classpath:db/migration").cleanDisabled(false).load();
        flyway.clean();
        flyway.migrate();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        pool.setUsername(user);
        pool.setPassword(password);
        pool.setMaximumPoolSize(8);
        return new StoreFixture(dataDir, new HikariDataSource(pool), kind);
    }

    private StoreFixture(Path dataDir, DataSource ds, ArtifactProperties.Store kind) throws Exception {
        this.dataDir = dataDir;
        this.dataSource = ds;
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        this.jdbc = JdbcClient.create(ds);
        this.repository = new ArtifactRepository(jdbc, Clock.systemUTC());
        this.transactions = new DataSourceTransactionManager(ds);
        this.store = switch (kind) {
            case FILESYSTEM -> new FileArtifactStore(dataDir, repository, transactions);
            case DATABASE -> new DatabaseArtifactStore(dataDir, repository, jdbc, transactions);
        };
    }

    private static DataSource h2(Path dataDir) {
        return new DriverManagerDataSource(
                "jdbc:h2:file:" + dataDir.resolve("db").resolve("flotilla") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000", "sa", "");
    }

    /** The store as the filesystem store (for the tests of its files). */
    FileArtifactStore files() {
        return (FileArtifactStore) store;
    }

    OrphanSweep sweep(ArtifactProperties settings) {
        return new OrphanSweep(store, repository, transactions, new SimpleAsyncTaskScheduler(), Clock.systemUTC(), settings);
    }

    long rows(String sha) {
        return jdbc.sql("SELECT COUNT(*) FROM artifacts WHERE sha256 = ?").param(sha).query(Long.class).single();
    }

    long chunks(String sha) {
        return jdbc.sql("SELECT COUNT(*) FROM artifact_chunks WHERE sha256 = ?").param(sha).query(Long.class).single();
    }

    @Override
    public void close() {
        if (dataSource instanceof HikariDataSource pool) {
            pool.close();
        }
    }
}
