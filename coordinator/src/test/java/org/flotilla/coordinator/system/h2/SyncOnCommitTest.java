package org.flotilla.coordinator.system.h2;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/** Which JDBC calls on a real H2 file database end in a sync, counted by the data source. */
class SyncOnCommitTest {

    @TempDir
    Path dir;

    SyncOnCommitDataSource ds;
    JdbcClient jdbc;
    TransactionTemplate tx;

    @BeforeEach
    void setUp() {
        String url = "jdbc:h2:file:" + dir.resolve("db").resolve("t") + ";WRITE_DELAY=0";
        ds = new SyncOnCommitDataSource(new DriverManagerDataSource(url, "sa", ""), H2Durability.databaseFolder(url));
        jdbc = JdbcClient.create(ds);
        tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        jdbc.sql("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))").update();
    }

    @Test
    void anAutoCommitWriteIsSyncedBeforeItReturns() {
        long before = ds.durableCommits();
        jdbc.sql("INSERT INTO t VALUES (1, 'a')").update();
        assertThat(ds.durableCommits()).isEqualTo(before + 1);
        assertThat(ds.syncs()).isPositive();
    }

    @Test
    void aTransactionIsSyncedOnceAtItsCommitAndAReadOrARollbackNotAtAll() {
        long before = ds.durableCommits();
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO t VALUES (2, 'b')").update();
            jdbc.sql("INSERT INTO t VALUES (3, 'c')").update();
            jdbc.sql("UPDATE t SET v = 'd' WHERE id = 2").update();
            assertThat(ds.durableCommits()).isEqualTo(before); // not before the commit
        });
        assertThat(ds.durableCommits()).isEqualTo(before + 1);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM t").query(Long.class).single()).isEqualTo(2);
        tx.executeWithoutResult(s -> jdbc.sql("SELECT v FROM t WHERE id = 2").query(String.class).single());
        tx.executeWithoutResult(s -> {
            jdbc.sql("INSERT INTO t VALUES (4, 'e')").update();
            s.setRollbackOnly();
        });
        assertThat(ds.durableCommits()).isEqualTo(before + 1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM t").query(Long.class).single()).isEqualTo(2);
    }

    @Test
    void onlyPersistentH2UrlsAreSyncedAndTheDatabaseFolderIsFoundInTheUrl() {
        assertThat(H2Durability.isPersistentH2("jdbc:h2:file:/var/lib/flotilla/db/flotilla;WRITE_DELAY=0")).isTrue();
        assertThat(H2Durability.isPersistentH2("jdbc:h2:tcp://db/flotilla")).isTrue();
        assertThat(H2Durability.isPersistentH2("jdbc:h2:mem:test")).isFalse();
        assertThat(H2Durability.isPersistentH2("jdbc:postgresql://db/flotilla")).isFalse();
        assertThat(H2Durability.databaseFolder("jdbc:h2:file:/var/lib/flotilla/db/flotilla;WRITE_DELAY=0"))
                .isEqualTo(Path.of("/var/lib/flotilla/db"));
        assertThat(H2Durability.databaseFolder("jdbc:h2:/srv/x/db")).isEqualTo(Path.of("/srv/x"));
        assertThat(H2Durability.databaseFolder("jdbc:h2:tcp://db/flotilla")).isNull();
    }
}
