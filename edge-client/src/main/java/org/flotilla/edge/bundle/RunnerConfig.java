package org.flotilla.edge.bundle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How a {@link BundleRunner} starts and confines children. Many settings have sensible defaults,
 * so it is made with {@link #builder(Path)}.
 *
 * @param workRoot          children's working directories ({@code sessions/}) and the isolation probe;
 *                          must be outside the state directory, which is hidden from children
 * @param java              the {@code java} launcher for children (default: this JVM's)
 * @param heapMegabytes     the device's heap budget for a bundle: the child's {@code -Xmx}
 * @param nativeMegabytes   the off-heap budget (ND4J's buffers): JavaCPP's {@code maxbytes}
 * @param workers           the device's worker allowance; a child gets at most its manifest's {@code workers}
 * @param hiddenPaths       files and folders a child must not see (the state directory, the configuration)
 * @param policy            how strictly to isolate
 * @param startTimeout      longest start-up (JVM, data, model) before the child is killed
 * @param stopGrace         how long a child may take to stop when asked, before it is killed
 * @param outputLimitBytes  most console output (standard output and error) a child may write per session
 * @param tailBytes         how much of the end of its output is kept for diagnosis
 * @param idleTimeout       a child idle this long is stopped; zero stops it after every task
 * @param maxParameters     largest model: bounds every file a child writes ({@code ulimit -f})
 * @param platformClassPath the libraries a child gets besides its bundle (default: this JVM's class
 *                          path without edge-client code, {@link ChildClassPath})
 * @param nativeCache       JavaCPP's cache of unpacked native libraries, shared read-only (through an
 *                          overlay) with children
 */
public record RunnerConfig(Path workRoot, Path java, int heapMegabytes, int nativeMegabytes, int workers,
                           List<Path> hiddenPaths, IsolationPolicy policy, Duration startTimeout, Duration stopGrace,
                           long outputLimitBytes, int tailBytes, Duration idleTimeout, long maxParameters,
                           List<Path> platformClassPath, Path nativeCache) {

    public RunnerConfig {
        if (workRoot == null || java == null || policy == null || nativeCache == null) {
            throw new IllegalArgumentException("workRoot, java, policy and nativeCache are required");
        }
        workRoot = workRoot.toAbsolutePath().normalize();
        if (heapMegabytes < 64 || nativeMegabytes < 64) {
            throw new IllegalArgumentException("heap and native budgets must be at least 64 MiB");
        }
        if (workers < 1 || workers > 1024) {
            throw new IllegalArgumentException("workers must be in [1, 1024], was " + workers);
        }
        hiddenPaths = hiddenPaths.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        platformClassPath = List.copyOf(platformClassPath);
        if (startTimeout.isNegative() || startTimeout.isZero() || stopGrace.isNegative() || idleTimeout.isNegative()) {
            throw new IllegalArgumentException("timeouts must be positive (idleTimeout may be zero)");
        }
        if (outputLimitBytes < 1024 || tailBytes < 256 || maxParameters < 1) {
            throw new IllegalArgumentException("outputLimitBytes >= 1024, tailBytes >= 256, maxParameters >= 1");
        }
        for (Path h : hiddenPaths) {
            if (workRoot.startsWith(h) || h.startsWith(workRoot)) {
                throw new IllegalArgumentException("the bundle work folder " + workRoot + " and the hidden path " + h
                        + " must not contain each other (put the work folder outside the state directory)");
            }
        }
    }

    /** A builder with the defaults: heap and native 1024 MiB, all cores, best-effort isolation. */
    public static Builder builder(Path workRoot) {
        return new Builder(workRoot);
    }

    /** Builds a {@link RunnerConfig}. */
    public static final class Builder {
        private final Path workRoot;
        private Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        private int heap = 1024;
        private int nativeMb = 1024;
        private int workers = Runtime.getRuntime().availableProcessors();
        private List<Path> hidden = List.of();
        private IsolationPolicy policy = IsolationPolicy.BEST_EFFORT;
        private Duration startTimeout = Duration.ofMinutes(2);
        private Duration stopGrace = Duration.ofSeconds(5);
        private long outputLimit = 16L << 20;
        private int tail = 8 * 1024;
        private Duration idle = Duration.ofMinutes(10);
        private long maxParameters = org.flotilla.model.network.Networks.DEFAULT_MAX_PARAMETERS;
        private List<Path> platform;
        private Path nativeCache = defaultNativeCache();

        private Builder(Path workRoot) {
            this.workRoot = workRoot;
        }

        public Builder java(Path v) { java = v; return this; }
        public Builder heapMegabytes(int v) { heap = v; return this; }
        public Builder nativeMegabytes(int v) { nativeMb = v; return this; }
        public Builder workers(int v) { workers = v; return this; }
        public Builder hiddenPaths(List<Path> v) { hidden = List.copyOf(v); return this; }
        public Builder policy(IsolationPolicy v) { policy = v; return this; }
        public Builder startTimeout(Duration v) { startTimeout = v; return this; }
        public Builder stopGrace(Duration v) { stopGrace = v; return this; }
        public Builder outputLimitBytes(long v) { outputLimit = v; return this; }
        public Builder tailBytes(int v) { tail = v; return this; }
        public Builder idleTimeout(Duration v) { idle = v; return this; }
        public Builder maxParameters(long v) { maxParameters = v; return this; }
        public Builder platformClassPath(List<Path> v) { platform = List.copyOf(v); return this; }
        public Builder nativeCache(Path v) { nativeCache = v; return this; }

        public RunnerConfig build() {
            List<Path> cp = platform != null ? platform : ChildClassPath.platform(System.getProperty("java.class.path"));
            return new RunnerConfig(workRoot, java, heap, nativeMb, workers, hidden, policy, startTimeout, stopGrace,
                    outputLimit, tail, idle, maxParameters, cp, nativeCache);
        }
    }

    /**
     * The default {@link #platformClassPath}: the entries of a class path (manifest class paths
     * expanded) that hold no edge-client code.
     */
    public static List<Path> platformClassPathOf(String javaClassPath) {
        return ChildClassPath.platform(javaClassPath);
    }

    /** Where JavaCPP unpacks native libraries in this JVM ({@code org.bytedeco.javacpp.cachedir}, else {@code ~/.javacpp/cache}). */
    static Path defaultNativeCache() {
        String dir = System.getProperty("org.bytedeco.javacpp.cachedir", System.getProperty("org.bytedeco.javacpp.cacheDir"));
        return dir != null ? Path.of(dir).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".javacpp", "cache").toAbsolutePath();
    }
}
