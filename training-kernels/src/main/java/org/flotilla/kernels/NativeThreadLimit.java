package org.flotilla.kernels;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.nd4j.nativeblas.Nd4jBlas;

/**
 * Bounds the native threads the kernels use when called from the current thread: OpenMP (which
 * oneDNN's convolutions use; its limit is per calling thread) and OpenBLAS (process-wide). For a
 * service that runs the kernels on a bounded pool of its own threads, so that each pool thread
 * takes at most {@code threads} cores. Without effect when the operator set {@code OMP_NUM_THREADS}.
 */
public final class NativeThreadLimit {

    private NativeThreadLimit() {
    }

    /** Applies the limit for native work started by the calling thread; true if it was applied. */
    public static boolean onCurrentThread(int threads) {
        String omp = System.getenv("OMP_NUM_THREADS");
        if (omp != null && !omp.isBlank()) {
            return false;
        }
        try {
            Nd4j.getEnvironment(); // loads the backend first: NativeOpsHolder must not be the first to touch it
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(threads);
            if (Nd4j.factory().blas() instanceof Nd4jBlas blas) {
                blas.setMaxThreads(threads);
            }
            return true;
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
