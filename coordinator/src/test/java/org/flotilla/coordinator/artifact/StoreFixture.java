package org.flotilla.coordinator.artifact;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.scheduling.concurrent.SimpleAsyncTaskScheduler;
import org.springframework.util.unit.DataSize;

/** A real artifact store over a real H2 file database (Flyway's migrations) in a temporary folder. */
final class StoreFixture {

    final Path dataDir;
    final JdbcClient jdbc;
    final ArtifactRepository repository;
    final DataSourceTransactionManager transactions;
    final ArtifactStore store;

    StoreFixture(Path dataDir) throws Exception {
        this.dataDir = dataDir;
        DriverManagerDataSource ds = new DriverManagerDataSource(
                "jdbc:h2:file:" + dataDir.resolve("db").resolve("flotilla") + ";WRITE_DELAY=0;LOCK_TIMEOUT=10000", "sa", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        this.jdbc = JdbcClient.create(ds);
        this.repository = new ArtifactRepository(jdbc, Clock.systemUTC());
        this.transactions = new DataSourceTransactionManager(ds);
        FlotillaProperties properties = new FlotillaProperties(dataDir, null, null,
                new FlotillaProperties.RoundDefaults(10, 2, 1.3, Duration.ofMinutes(10), Duration.ofMinutes(2), 2),
                new FlotillaProperties.CheckIn(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(1)),
                new FlotillaProperties.Upload(DataSize.ofMegabytes(1)), 1, Duration.ofSeconds(5));
        this.store = new ArtifactStore(properties, repository, transactions);
    }

    OrphanSweep sweep(ArtifactProperties settings) {
        return new OrphanSweep(store, repository, transactions, new SimpleAsyncTaskScheduler(), Clock.systemUTC(), settings);
    }

    long rows(String sha) {
        return jdbc.sql("SELECT COUNT(*) FROM artifacts WHERE sha256 = ?").param(sha).query(Long.class).single();
    }
}
