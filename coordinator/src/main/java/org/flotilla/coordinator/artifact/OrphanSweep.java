package org.flotilla.coordinator.artifact;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.flotilla.model.codec.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Deletes what crashes leave in the artifact store: files without a database row (a crash after
 * the rename, before the row's commit) once older than {@code flotilla.artifacts.orphan-age}, and
 * temporary files untouched for {@code flotilla.artifacts.stale-temp-age}. Runs shortly after
 * start-up and then every {@code flotilla.artifacts.sweep-interval}, on every replica. The
 * database store ({@link DatabaseArtifactStore}) has no orphans — its bytes commit with their row —
 * so there only temporary files are swept.
 *
 * <p>Safe beside writers on this and other replicas sharing the store: before deleting a file the
 * sweep inserts a claim row under the file's name in a transaction it always rolls back. The
 * insert succeeds only if no row for that name is committed and no other transaction is inserting
 * one — and every writer inserts its row before it puts a file in place, in the transaction that
 * commits it ({@link FileArtifactStore#adopt}). While the claim is held nobody can record the name,
 * so the file deleted was unrecorded throughout; a writer that was held off retries after the
 * rollback and finds the file missing, so it puts its own copy in place. A crash of the sweep
 * leaves its claim uncommitted, that is, gone.
 */
@Component
class OrphanSweep {

    private static final Logger log = LoggerFactory.getLogger(OrphanSweep.class);
    private static final int BATCH = 500;
    private static final Duration FIRST_RUN_AT_MOST = Duration.ofMinutes(1);

    private final ArtifactStore store;
    private final ArtifactRepository repository;
    private final TransactionTemplate claims;
    private final TaskScheduler scheduler;
    private final Clock clock;
    private final ArtifactProperties settings;

    OrphanSweep(ArtifactStore store, ArtifactRepository repository, PlatformTransactionManager transactions,
                TaskScheduler scheduler, Clock clock, ArtifactProperties settings) {
        this.store = store;
        this.repository = repository;
        this.claims = new TransactionTemplate(transactions);
        this.claims.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
    }

    /** What one sweep deleted. */
    record Swept(int orphans, int staleTemporaryFiles) {
    }

    @EventListener(ApplicationReadyEvent.class)
    void schedule() {
        Duration interval = settings.sweepInterval();
        Duration first = interval.compareTo(FIRST_RUN_AT_MOST) < 0 ? interval : FIRST_RUN_AT_MOST;
        scheduler.scheduleWithFixedDelay(this::sweepQuietly, clock.instant().plus(first), interval);
    }

    private void sweepQuietly() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("Artifact sweep failed: {}", e.getMessage());
        }
    }

    /** One pass over the store. */
    Swept sweep() {
        Instant now = clock.instant();
        Instant orphanCutoff = now.minus(settings.orphanAge());
        int orphans = 0;
        Path root = store.filesRoot().orElse(null);
        if (root != null) {
            try (DirectoryStream<Path> dirs = Files.newDirectoryStream(root, OrphanSweep::isShardFolder)) {
                for (Path dir : dirs) {
                    orphans += sweepShard(dir, orphanCutoff);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("listing " + root + " failed", e);
            }
        }
        int temps = removeStaleTemporaryFiles(now.minus(settings.staleTempAge()));
        if (orphans > 0 || temps > 0) {
            log.info("Artifact sweep: deleted {} orphan file(s) (no database row, older than {}) and {} stale temporary file(s)",
                    orphans, settings.orphanAge(), temps);
        }
        return new Swept(orphans, temps);
    }

    private int sweepShard(Path dir, Instant cutoff) throws IOException {
        Map<String, Path> candidates = new LinkedHashMap<>();
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (Sha256.isValid(name) && name.startsWith(dir.getFileName().toString()) && olderThan(f, cutoff)) {
                    candidates.put(name, f);
                    if (candidates.size() == BATCH) {
                        deleted += deleteUnrecorded(candidates, cutoff);
                        candidates.clear();
                    }
                }
            }
        }
        return deleted + deleteUnrecorded(candidates, cutoff);
    }

    private int deleteUnrecorded(Map<String, Path> candidates, Instant cutoff) {
        Set<String> recorded = repository.recorded(candidates.keySet());
        List<String> unrecorded = new ArrayList<>();
        candidates.keySet().stream().filter(sha -> !recorded.contains(sha)).forEach(unrecorded::add);
        int deleted = 0;
        for (String sha : unrecorded) {
            if (deleteIfStillOrphan(sha, candidates.get(sha), cutoff)) {
                deleted++;
            }
        }
        return deleted;
    }

    /** Deletes the file under a claim on its name (see the class comment); false when it turned out to be recorded. */
    boolean deleteIfStillOrphan(String sha, Path file, Instant cutoff) {
        try {
            return Boolean.TRUE.equals(claims.execute(status -> {
                status.setRollbackOnly(); // the claim only ever holds the name; it is never committed
                repository.claim(sha);
                if (!olderThan(file, cutoff)) {
                    return false;
                }
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                ArtifactStore.fsyncDirectory(file.getParent());
                return true;
            }));
        } catch (DataAccessException recordedOrBeingRecorded) {
            return false;
        } catch (UncheckedIOException e) {
            log.warn("Could not delete orphan artifact {}: {}", file, e.getCause().getMessage());
            return false;
        }
    }

    private int removeStaleTemporaryFiles(Instant cutoff) {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(store.tempFolder())) {
            for (Path f : files) {
                if (olderThan(f, cutoff)) {
                    store.discard(f);
                    deleted++;
                }
            }
        } catch (IOException e) {
            log.warn("Could not list {}: {}", store.tempFolder(), e.getMessage());
        }
        return deleted;
    }

    private static boolean isShardFolder(Path p) {
        String n = p.getFileName().toString();
        return n.length() == 2 && Character.digit(n.charAt(0), 16) >= 0 && Character.digit(n.charAt(1), 16) >= 0
                && n.equals(n.toLowerCase(java.util.Locale.ROOT)) && Files.isDirectory(p);
    }

    private static boolean olderThan(Path f, Instant cutoff) {
        try {
            return Files.getLastModifiedTime(f).compareTo(FileTime.from(cutoff)) < 0;
        } catch (NoSuchFileException gone) {
            return false;
        } catch (IOException e) {
            return false;
        }
    }
}
