package org.flotilla.edge.training;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;

/**
 * Started in a fresh JVM by {@link NativeSetupTest}: selects the native build as
 * {@code EdgeClientMain} does, creates a two-worker pool and prints what each worker thread's OpenMP
 * limit is, which libnd4j build was loaded and the JavaCPP extension property.
 */
public final class NativeSetupProbe {

    private NativeSetupProbe() {
    }

    public static void main(String[] args) throws Exception {
        NativeBuild.select();
        try (WorkerPool pool = new WorkerPool(2)) {
            List<Future<Integer>> limits = new ArrayList<>();
            for (int i = 0; i < pool.size(); i++) {
                limits.add(pool.submit(i, NativeThreads::currentThreadLimit));
            }
            StringBuilder workers = new StringBuilder();
            for (Future<Integer> f : limits) {
                workers.append(workers.isEmpty() ? "" : ",").append(f.get());
            }
            System.out.println("PROBE workers=" + workers + " build=" + NativeBuild.loaded() + " extension="
                    + System.getProperty(NativeBuild.PROPERTY, "<unset>"));
        }
    }
}
