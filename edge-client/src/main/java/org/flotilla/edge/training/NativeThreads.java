package org.flotilla.edge.training;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.Nd4jBlas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One native thread per training worker. Parallelism comes from the workers (one per core by
 * default); ND4J's own threads inside an operation only oversubscribe the cores, and when other
 * programs use the CPU too an OpenMP or OpenBLAS region with two threads waits for a descheduled
 * one: one worker × two threads collapsed to 1–2 % of its speed under load (docs/performance.md,
 * "Threads: one native thread per worker, always").
 *
 * <p>The operator's {@code OMP_NUM_THREADS} stands when it is set ({@code bin/edge-client} sets 1).
 * Otherwise (the demo, an IDE, tests, a JVM started from a plain class path) the limit is applied
 * at run time, in two parts, because OpenMP keeps its thread count per thread:
 * <ul>
 *   <li>{@link #limit}: process-wide, libnd4j's own pool ({@code Environment.setMaxThreads},
 *       {@code setMaxMasterThreads}) and OpenBLAS ({@code Nd4jBlas.setMaxThreads});</li>
 *   <li>{@link #limitCurrentThread}: OpenMP on the calling thread ({@code omp_set_num_threads}
 *       through libnd4j's {@code setOmpNumThreads}), which is what oneDNN's convolutions use. Set on
 *       another thread it has no effect on the worker: measured, a worker's oneDNN convolution ran
 *       at 1.9 busy cores with only the process-wide limit and at 1.1 with this one.</li>
 * </ul>
 * Every {@link WorkerPool} thread applies both before its first task.
 */
public final class NativeThreads {

    /** Native threads per worker: one, whatever the core and worker counts. */
    public static final int PER_WORKER = 1;

    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

    private NativeThreads() {
    }

    /**
     * The native thread count per worker: always {@link #PER_WORKER}. With fewer workers than
     * cores, several threads per worker were slower under load, not faster (docs/performance.md);
     * the free cores are left to other work.
     */
    public static int perWorker(int cores, int workers) {
        return PER_WORKER;
    }

    /** The operator's {@code OMP_NUM_THREADS}, or null when it is unset or blank. */
    static String fromEnvironment() {
        String omp = System.getenv("OMP_NUM_THREADS");
        return omp == null || omp.isBlank() ? null : omp.strip();
    }

    /**
     * Limits ND4J's process-wide thread pools to {@code threads} per operation, unless
     * {@code OMP_NUM_THREADS} is set (then the operator's choice stands).
     *
     * @return a description for the log
     */
    public static String limit(int threads) {
        NativeBuild.select();
        String omp = fromEnvironment();
        if (omp != null) {
            return "OMP_NUM_THREADS=" + omp + " (from the environment)";
        }
        try {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            if (Nd4j.factory().blas() instanceof Nd4jBlas blas) {
                blas.setMaxThreads(threads);
            }
            return threads + " native thread(s) per worker (set at run time; OMP_NUM_THREADS unset)";
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("could not limit ND4J threads at runtime: {}", e.toString());
            return "ND4J threads not limited (set OMP_NUM_THREADS)";
        }
    }

    /**
     * Applies {@link #limit} and limits OpenMP on the calling thread to {@code threads}, unless
     * {@code OMP_NUM_THREADS} is set. Called by each worker thread before its first task.
     */
    static void limitCurrentThread(int threads) {
        if (fromEnvironment() != null) {
            return;
        }
        limit(threads);
        try {
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("could not limit OpenMP threads on {}: {}", Thread.currentThread().getName(), e.toString());
        }
    }

    /** OpenMP's thread count for parallel regions started by the calling thread. */
    static int currentThreadLimit() {
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
