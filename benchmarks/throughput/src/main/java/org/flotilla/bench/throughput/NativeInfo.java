package org.flotilla.bench.throughput;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.nd4j.linalg.factory.Nd4j;

/** One line saying which native build runs and how ND4J is threaded, for the benchmark's log. */
final class NativeInfo {

    private NativeInfo() {
    }

    static String describe() {
        List<String> parts = new ArrayList<>();
        String ext = System.getProperty("org.bytedeco.javacpp.platform.extension", "");
        parts.add("nd4j-native=" + Loader.getPlatform() + ext);
        Map<String, String> loaded = Loader.getLoadedLibraries();
        loaded.forEach((name, path) -> {
            if (name.contains("nd4jcpu") && !name.contains("jni")) {
                parts.add("lib=" + path.replaceAll(".*/cache/", "cache/"));
            }
        });
        Object env = Nd4j.getEnvironment();
        for (String getter : List.of("isUseONEDNN", "isUseMKLDNN", "maxThreads", "maxMasterThreads")) {
            try {
                Method m = env.getClass().getMethod(getter);
                parts.add(getter + "=" + m.invoke(env));
            } catch (ReflectiveOperationException | RuntimeException e) {
                // not in this ND4J version
            }
        }
        java.util.Properties info = Nd4j.getExecutioner().getEnvironmentInformation();
        for (String key : List.of("blas.vendor", "omp.threads", "cores")) {
            if (info.get(key) != null) {
                parts.add(key + "=" + info.get(key));
            }
        }
        parts.add("OMP_NUM_THREADS=" + System.getenv().getOrDefault("OMP_NUM_THREADS", "unset"));
        return String.join(" ", parts);
    }
}
