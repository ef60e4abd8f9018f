package org.flotilla.edge.bundle;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.flotilla.model.bundle.host.BundleHost;

/**
 * The command line and environment of one child: the sandbox prefix {@link Sandbox} builds for the
 * machine's {@link Isolation}, then {@code java} with the heap, CPU, native-memory and file limits
 * and {@link BundleHost} as the main class. The environment is built from nothing.
 *
 * @param argv        the full command line
 * @param environment the child's whole environment
 */
record ChildCommand(List<String> argv, Map<String, String> environment) {

    /** The environment variables a child gets, and nothing else. */
    static Map<String, String> environment(SessionLayout layout) {
        Map<String, String> env = new TreeMap<>();
        env.put("PATH", "/usr/bin:/bin");
        env.put("LANG", "C.UTF-8");
        env.put("HOME", layout.root().toString());
        env.put("TMPDIR", layout.tmp().toString());
        env.put("OMP_NUM_THREADS", "1");   // one native thread per worker, as the edge client's own workers
        // The BLAS's CPU selection, where the machine sets it: the child computes with the same kernels
        // as the edge client (some OpenBLAS builds pick wrong or slow ones on their own). Not credentials.
        for (String name : BLAS_TUNING) {
            String value = System.getenv(name);
            if (value != null && value.matches("[A-Za-z0-9_]{1,40}")) {
                env.put(name, value);
            }
        }
        return env;
    }

    /** The environment variables passed on to a child when the edge client has them: OpenBLAS's core type. */
    static final List<String> BLAS_TUNING = List.of("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE");

    /**
     * Builds the command for a session.
     *
     * @param classPath the child's class path, in order
     * @param workers   the workers the program gets (its CPU allowance)
     * @param hidden    paths to hide (existing ones only)
     * @param cache     the native cache the child uses: the edge client's (seen through a copy-on-write
     *                  overlay at the same path) or one of its own
     */
    static ChildCommand build(RunnerConfig config, Isolation isolation, IsolationProbe.Tools tools, SessionLayout layout,
                              List<Path> classPath, int workers, List<Path> hidden, Path cache, String nonce) {
        long physicalMb = (long) config.heapMegabytes() + config.nativeMegabytes() + 1024;
        // The overlay is mounted over the cache's own path: JavaCPP's cache holds absolute symbolic
        // links between its libraries, which must resolve inside the child too.
        boolean overlay = isolation.namespaces() && isolation.overlay() && cache.equals(config.nativeCache());
        List<String> java = new ArrayList<>(List.of(config.java().toString(),
                "-Xmx" + config.heapMegabytes() + "m",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:ActiveProcessorCount=" + workers,
                "-XX:-UsePerfData",
                "-XX:ErrorFile=" + layout.root().resolve("hs_err_%p.log"),
                "-Djava.io.tmpdir=" + layout.tmp(),
                "-Duser.home=" + layout.root(),
                "-Dorg.bytedeco.javacpp.cachedir=" + cache,
                "-Dorg.bytedeco.javacpp.maxbytes=" + config.nativeMegabytes() + "M",
                "-Dorg.bytedeco.javacpp.maxphysicalbytes=" + physicalMb + "M",
                "-Dlogback.configurationFile=" + layout.logConfig(),
                "--enable-native-access=ALL-UNNAMED"));
        if (Runtime.version().feature() >= 23) {
            java.add("--sun-misc-unsafe-memory-access=allow");
        }
        String extension = System.getProperty("org.bytedeco.javacpp.platform.extension");
        if (extension != null) {
            java.add("-Dorg.bytedeco.javacpp.platform.extension=" + extension);   // the libnd4j build the edge client chose
        }
        java.addAll(List.of("-cp", String.join(File.pathSeparator, classPath.stream().map(Path::toString).toList()),
                BundleHost.class.getName(), nonce));

        long fileBlocks = (config.maxParameters() * 4 + (64L << 20)) / 512;
        List<String> argv = new ArrayList<>();
        if (isolation.systemdScope()) {
            argv.addAll(Sandbox.systemdScope(tools, physicalMb, 100 * workers));
        }
        if (isolation.namespaces()) {
            List<Sandbox.MountStep> steps = new ArrayList<>();
            for (Path h : hidden) {
                steps.add(Files.isDirectory(h) ? new Sandbox.HideDir(h) : new Sandbox.HideFile(h));
            }
            if (overlay) {
                steps.add(new Sandbox.Overlay(cache, layout.overlayUpper(), layout.overlayWork(), cache));
            }
            argv.addAll(Sandbox.namespaced(tools, steps, fileBlocks, java));
        } else if (isolation.networkOnly()) {
            argv.addAll(Sandbox.networkOnly(tools, fileBlocks, java));
        } else {
            argv.addAll(Sandbox.limited(tools, fileBlocks, java));
        }
        return new ChildCommand(List.copyOf(argv), Map.copyOf(environment(layout)));
    }

    /** The logging configuration a child gets: warnings, and Flotilla's own info lines, on standard error. */
    static String logConfig() {
        return """
                <configuration>
                  <appender name="ERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level [bundle] %logger{20} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="org.flotilla" level="INFO"/>
                  <root level="WARN"><appender-ref ref="ERR"/></root>
                </configuration>
                """;
    }
}
