package org.flotilla.coordinator.system;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The one bounded pool of platform threads on which all tensor work runs: building networks,
 * decoding and verifying updates, aggregating, evaluating. ND4J keeps native, thread-affine state
 * (workspaces, OpenMP pools), which must not be multiplied across thousands of virtual threads;
 * the pool's size also bounds the memory of concurrent decodes to {@code size × model}.
 */
@Component
public class TensorPool implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(TensorPool.class);
    private static final String PREFIX = "flotilla-tensor-";

    private final ThreadPoolExecutor executor;

    public TensorPool(FlotillaProperties properties) {
        int size = properties.effectiveTensorPoolSize();
        ThreadFactory threads = Thread.ofPlatform().name(PREFIX, 0).daemon(true).factory();
        this.executor = new ThreadPoolExecutor(size, size, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), threads);
        log.info("Tensor pool: {} platform thread(s)", size);
    }

    /** Runs {@code task} on the pool. */
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        executor.execute(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /**
     * Runs {@code task} on the pool and waits for it (the caller, usually a virtual thread, just
     * blocks). Runtime exceptions and errors of the task are rethrown as they are; checked ones
     * wrapped. Called from a pool thread it runs inline, so nested use cannot deadlock.
     */
    public <T> T call(Callable<T> task) {
        if (isPoolThread()) {
            try {
                return task.call();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        try {
            return submit(task).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the tensor pool", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }

    /** True on one of the pool's threads. */
    public static boolean isPoolThread() {
        return Thread.currentThread().getName().startsWith(PREFIX) && !Thread.currentThread().isVirtual();
    }

    /** Number of threads. */
    public int size() {
        return executor.getCorePoolSize();
    }

    @Override
    public void destroy() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
