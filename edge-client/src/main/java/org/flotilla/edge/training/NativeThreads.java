package org.flotilla.edge.training;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.Nd4jBlas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps ND4J's own threads from oversubscribing the cores that the worker threads already use.
 * The reliable control is the environment variable {@code OMP_NUM_THREADS}, read once when ND4J
 * loads; {@code bin/edge-client} sets it to max(1, cores / workers). When the client runs without
 * the launcher (in-process tests, an IDE) and the variable is unset, {@link #limit} applies the
 * runtime settings ND4J offers: {@code Environment.setMaxThreads} and {@code setMaxMasterThreads}
 * (libnd4j's own thread pool for element-wise ops) and {@code Nd4jBlas.setMaxThreads} (OpenBLAS).
 * Measured in docs/edge-client.md: together they bring a 2-core process to about one busy core,
 * like {@code OMP_NUM_THREADS=1}; each alone does not.
 */
public final class NativeThreads {

    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);

    private NativeThreads() {
    }

    /** The ND4J thread count per worker: max(1, cores / workers). */
    public static int perWorker(int cores, int workers) {
        return Math.max(1, cores / Math.max(1, workers));
    }

    /**
     * Limits ND4J to {@code threads} threads per calling operation, unless {@code OMP_NUM_THREADS}
     * was set (then the operator's choice stands).
     *
     * @return a description for the log
     */
    public static String limit(int threads) {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && !omp.isBlank()) {
            return "OMP_NUM_THREADS=" + omp + " (from the environment)";
        }
        try {
            Nd4j.getEnvironment().setMaxThreads(threads);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            if (Nd4j.factory().blas() instanceof Nd4jBlas blas) {
                blas.setMaxThreads(threads);
            }
            return threads + " ND4J thread(s) per worker (runtime setting; OMP_NUM_THREADS unset)";
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("could not limit ND4J threads at runtime: {}", e.toString());
            return "ND4J threads not limited (set OMP_NUM_THREADS)";
        }
    }
}
