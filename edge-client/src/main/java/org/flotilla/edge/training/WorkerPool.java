package org.flotilla.edge.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * N training threads, bounded platform threads (never virtual threads: ND4J keeps workspaces and
 * native state per OS thread, and its native calls would pin a virtual thread anyway). Worker
 * {@code i} is always the same thread, so replica {@code i} reuses that thread's ND4J workspaces
 * round after round; a client keeps one pool for its lifetime. Closing the pool frees the
 * workspaces of every worker thread.
 *
 * <p>Creating the first pool selects the native build ({@link NativeBuild}) if nothing loaded ND4J
 * yet, and logs the build that runs; every worker thread limits itself to
 * {@link NativeThreads#PER_WORKER} native thread before its first task.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerPool.class);
    private static final AtomicBoolean LOGGED = new AtomicBoolean();

    private final List<ExecutorService> threads = new ArrayList<>();

    /** Starts {@code size} worker threads. */
    public WorkerPool(int size) {
        if (size < 1 || size > 1024) {
            throw new IllegalArgumentException("worker pool size must be in [1, 1024], was " + size);
        }
        NativeBuild.select();
        if (LOGGED.compareAndSet(false, true)) {
            LOG.info("libnd4j build: {}; {}", NativeBuild.loaded(), NativeThreads.limit(NativeThreads.PER_WORKER));
        }
        for (int i = 0; i < size; i++) {
            ExecutorService t = Executors.newSingleThreadExecutor(
                    Thread.ofPlatform().name("flotilla-worker-" + i).daemon(true).factory());
            // Runs before any task: OpenMP's thread limit is per thread.
            t.submit(() -> NativeThreads.limitCurrentThread(NativeThreads.PER_WORKER));
            threads.add(t);
        }
    }

    /** Number of worker threads. */
    public int size() {
        return threads.size();
    }

    /** Runs {@code task} on worker thread {@code worker}. */
    public <T> Future<T> submit(int worker, Callable<T> task) {
        return threads.get(worker).submit(task);
    }

    @Override
    public void close() {
        for (ExecutorService t : threads) {
            try {
                t.submit(WorkerPool::destroyWorkspaces).get();
            } catch (Exception e) {
                // the thread is going away anyway
            }
            t.shutdownNow();
        }
    }

    /**
     * Frees this thread's workspaces one by one; ND4J's destroyAllWorkspacesForCurrentThread would
     * also force a full garbage collection (~100 ms each).
     */
    private static void destroyWorkspaces() {
        for (MemoryWorkspace ws : List.copyOf(Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread())) {
            Nd4j.getWorkspaceManager().destroyWorkspace(ws);
        }
    }
}
