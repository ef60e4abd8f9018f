package org.flotilla.edge.bundle;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** The child's command line and environment, as built for each kind of isolation. */
class ChildCommandTest {

    @TempDir
    Path dir;

    private final IsolationProbe.Tools tools = new IsolationProbe.Tools(Path.of("/bin/sh"), Path.of("/usr/bin/unshare"),
            Path.of("/usr/bin/setpriv"), Path.of("/usr/bin/systemd-run"));

    private ChildCommand build(Isolation isolation, List<Path> hidden) throws Exception {
        RunnerConfig config = RunnerConfig.builder(dir.resolve("work")).heapMegabytes(512).nativeMegabytes(256).workers(3)
                .platformClassPath(List.of(Path.of("/lib/a.jar"))).nativeCache(Files.createDirectories(dir.resolve("cache")))
                .build();
        SessionLayout layout = new SessionLayout(dir.resolve("work/sessions/s-1"));
        return ChildCommand.build(config, isolation, tools, layout, List.of(Path.of("/lib/a.jar"), layout.bundleJar()), 2,
                hidden, config.nativeCache(), "n0nce");
    }

    @Test
    void theEnvironmentIsBuiltFromNothing() throws Exception {
        ChildCommand c = build(Isolation.processOnly("test"), List.of());

        java.util.Set<String> expected = new java.util.TreeSet<>(List.of("PATH", "LANG", "HOME", "TMPDIR", "OMP_NUM_THREADS"));
        for (String blas : ChildCommand.BLAS_TUNING) {   // passed on where the machine sets them, with their value
            if (System.getenv(blas) != null) {
                expected.add(blas);
                assertThat(c.environment()).containsEntry(blas, System.getenv(blas));
            }
        }
        assertThat(c.environment().keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(c.environment().get("HOME")).isEqualTo(dir.resolve("work/sessions/s-1").toString());
        assertThat(c.environment().values()).noneMatch(v -> v.contains(System.getProperty("user.home") + "/"));
    }

    @Test
    void theJavaCommandCarriesTheLimits() throws Exception {
        List<String> argv = build(Isolation.processOnly("test"), List.of()).argv();

        assertThat(argv.subList(0, 2)).containsExactly("/bin/sh", "-c");
        assertThat(argv).contains("-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-XX:ActiveProcessorCount=2",
                "-Dorg.bytedeco.javacpp.maxbytes=256M", "-Dorg.bytedeco.javacpp.maxphysicalbytes=1792M",
                "org.flotilla.model.bundle.host.BundleHost");
        assertThat(argv.get(argv.size() - 1)).isEqualTo("n0nce");
        assertThat(argv.get(argv.indexOf("-cp") + 1)).isEqualTo("/lib/a.jar:" + dir.resolve("work/sessions/s-1/bundle.jar"));
        assertThat(argv).noneMatch(a -> a.startsWith("unshare") || a.endsWith("/unshare"));
    }

    @Test
    void withNamespacesTheStateIsHiddenAndTheCacheSeenThroughAnOverlay() throws Exception {
        Path state = Files.createDirectories(dir.resolve("state"));
        Path config = Files.writeString(dir.resolve("edge.properties"), "x=1");

        List<String> argv = build(new Isolation(true, false, true, true, ""), List.of(state, config)).argv();

        assertThat(argv.get(0)).isEqualTo("/usr/bin/systemd-run");
        assertThat(argv).contains("MemoryMax=1792M", "CPUQuota=200%");
        int u = argv.indexOf("/usr/bin/unshare");
        assertThat(argv.subList(u, u + 10)).containsExactly("/usr/bin/unshare", "--user", "--map-root-user", "--net",
                "--mount", "--pid", "--fork", "--mount-proc", "--kill-child", "/bin/sh");
        int h = argv.indexOf("hide-dir");
        assertThat(argv.subList(h, h + 4)).containsExactly("hide-dir", state.toString(), "hide-file", config.toString());
        int o = argv.indexOf("overlay");
        assertThat(argv.get(o + 1)).isEqualTo(dir.resolve("cache").toString());
        assertThat(argv.get(o + 4)).as("mounted over the cache itself").isEqualTo(dir.resolve("cache").toString());
        assertThat(argv).contains("-Dorg.bytedeco.javacpp.cachedir=" + dir.resolve("cache"));
    }
}
