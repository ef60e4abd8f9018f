package org.flotilla.coordinator.client;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;

import org.flotilla.coordinator.system.DomainException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Writes enrolments with a group commit: the enrolments that arrive while one transaction is
 * being written and synced wait, and the first of them then writes all of them in the next
 * transaction (at most {@value #MAX_BATCH}), so concurrent enrolments share one commit — one H2
 * chunk written and one {@code CHECKPOINT SYNC} — instead of one each. Every caller returns only
 * after the commit that holds its row has returned, and on the embedded H2 a commit returns only
 * once it is on stable storage ({@code system/h2}), so the 201 still means durable. The same
 * leader/follower scheme as PostgreSQL's WAL group flush; no thread of its own.
 *
 * <p>An enrolment by an operator-created token counts against the token's quota in the same
 * transaction as its row; one refused there ({@code Conflict}: used up, revoked, expired) writes
 * nothing and is refused alone, the others of its transaction are written. A database error fails
 * every enrolment of the transaction (nothing of it was written).
 */
@Component
class EnrolmentWriter {

    static final int MAX_BATCH = 256;

    /** One enrolment's row; {@code tokenId} the operator-created enrolment token it used, or null. */
    record NewClient(String id, String name, String secretSha256, String platform, int cores, long examples,
                     Long tokenId, Instant at) {
    }

    private final ConcurrentLinkedQueue<Pending> queue = new ConcurrentLinkedQueue<>();
    // A lock rather than synchronized: callers are virtual threads, and the leader blocks on the disk.
    private final ReentrantLock lock = new ReentrantLock();
    private final ClientRepository clients;
    private final EnrolmentTokens tokens;
    private final TransactionTemplate tx;
    private long commits;
    private long written;

    EnrolmentWriter(ClientRepository clients, EnrolmentTokens tokens, TransactionTemplate tx) {
        this.clients = clients;
        this.tokens = tokens;
        this.tx = tx;
    }

    /**
     * Writes the client's row and returns once it is committed (durable).
     *
     * @throws DomainException when its enrolment token was refused; a database error as it came
     */
    void write(NewClient client) {
        Pending mine = new Pending(client);
        queue.add(mine);
        lock.lock();
        try {
            while (!mine.done) {
                writeQueued();
            }
        } finally {
            lock.unlock();
        }
        if (mine.failure != null) {
            throw mine.failure;
        }
    }

    /** Transactions written so far (each holds one or more enrolments). */
    synchronized long commits() {
        return commits;
    }

    /** Clients written so far. */
    synchronized long written() {
        return written;
    }

    /** Enrolments waiting for the next transaction. */
    int queued() {
        return queue.size();
    }

    /** Whether a transaction is being written now. */
    boolean writing() {
        return lock.isLocked();
    }

    /** Under the lock: one transaction of what is queued, then every caller in it is done. */
    private void writeQueued() {
        List<Pending> batch = new ArrayList<>();
        for (Pending p; batch.size() < MAX_BATCH && (p = queue.poll()) != null; ) {
            batch.add(p);
        }
        try {
            tx.executeWithoutResult(s -> {
                for (Pending p : batch) {
                    NewClient c = p.client;
                    try {
                        if (c.tokenId() != null) {
                            tokens.consume(c.tokenId()); // a refused consume has written nothing
                        }
                    } catch (DomainException refused) {
                        p.failure = refused;
                        continue;
                    }
                    clients.insert(c.id(), c.name(), c.secretSha256(), c.platform(), c.cores(), c.examples(),
                            c.tokenId(), c.at());
                }
            });
            synchronized (this) {
                commits++;
                written += batch.stream().filter(p -> p.failure == null).count();
            }
        } catch (RuntimeException e) {
            batch.forEach(p -> p.failure = e);
        }
        batch.forEach(p -> p.done = true);
    }

    /** Written and read under {@link #lock}. */
    private static final class Pending {
        final NewClient client;
        boolean done;
        RuntimeException failure;

        Pending(NewClient client) {
            this.client = client;
        }
    }
}
