package org.flotilla.coordinator.system.h2;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The coordinator's data source on an embedded H2 database: every connection it hands out makes
 * its commits durable ({@link SyncingConnection}) through one shared {@link GroupSync}. On the
 * first connection — when H2 has just created the database file if it was missing — the database
 * folder and its parent are fsynced once, so the file's directory entry is durable too (H2 does not
 * sync directories).
 */
public final class SyncOnCommitDataSource extends DelegatingDataSource {

    private static final Logger log = LoggerFactory.getLogger(SyncOnCommitDataSource.class);

    private final GroupSync sync = new GroupSync();
    private final Path databaseFolder;
    private final AtomicBoolean foldersSynced = new AtomicBoolean();

    /**
     * @param databaseFolder the folder holding the {@code .mv.db} file, or null when the URL
     *                       names none on this machine (e.g. an H2 server)
     */
    SyncOnCommitDataSource(DataSource target, Path databaseFolder) {
        super(target);
        this.databaseFolder = databaseFolder;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return prepare(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return prepare(super.getConnection(username, password));
    }

    /** Commits made durable since start-up. */
    public long durableCommits() {
        return sync.commits();
    }

    /** {@code CHECKPOINT SYNC} runs since start-up (at most {@link #durableCommits()}: commits share syncs). */
    public long syncs() {
        return sync.syncs();
    }

    private Connection prepare(Connection c) {
        if (databaseFolder != null && foldersSynced.compareAndSet(false, true)) {
            fsyncDirectory(databaseFolder);
            fsyncDirectory(databaseFolder.getParent());
        }
        return SyncingConnection.wrap(c, sync);
    }

    private static void fsyncDirectory(Path dir) {
        if (dir == null || !Files.isDirectory(dir)) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            log.debug("Directory fsync of {} not supported: {}", dir, e.getMessage());
        }
    }
}
