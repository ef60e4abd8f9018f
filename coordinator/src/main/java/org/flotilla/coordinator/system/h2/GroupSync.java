package org.flotilla.coordinator.system.h2;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes finished commits durable with H2's {@code CHECKPOINT SYNC}, sharing one sync among the
 * commits that finished while another sync ran (group commit, as PostgreSQL's WAL flush does).
 * A caller takes a ticket after its commit has returned; a sync that reads the ticket counter
 * before it starts covers every ticket up to what it read, because those commits had already
 * been written to the file when their tickets were taken.
 */
final class GroupSync {

    static final String SYNC = "CHECKPOINT SYNC";

    private final AtomicLong requested = new AtomicLong();
    private final AtomicLong syncs = new AtomicLong();
    // A lock rather than synchronized: callers are virtual threads, and a sync blocks on the disk.
    private final ReentrantLock lock = new ReentrantLock();
    private long completed;

    /** Returns once every commit that finished before this call is on stable storage. */
    void afterCommit(Connection connection) throws SQLException {
        long ticket = requested.incrementAndGet();
        lock.lock();
        try {
            if (completed >= ticket) {
                return; // a sync that started after our commit has finished meanwhile
            }
            long upTo = requested.get();
            try (Statement s = connection.createStatement()) {
                s.execute(SYNC);
            }
            syncs.incrementAndGet();
            completed = upTo;
        } finally {
            lock.unlock();
        }
    }

    /** Commits made durable so far (each call of {@link #afterCommit} counts once). */
    long commits() {
        return requested.get();
    }

    /** Syncs actually run; fewer than {@link #commits()} when commits were grouped. */
    long syncs() {
        return syncs.get();
    }
}
