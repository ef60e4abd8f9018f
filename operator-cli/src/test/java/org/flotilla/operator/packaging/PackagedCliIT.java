package org.flotilla.operator.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.flotilla.operator.support.RunningCoordinator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code package} built, run as separate processes against a real coordinator:
 * {@code java -jar target/flotilla-operator.jar …} and the archive's {@code bin/flotilla-operator}.
 */
class PackagedCliIT {

    @TempDir
    static Path dir;

    static RunningCoordinator coordinator;

    @BeforeAll
    static void start() throws IOException {
        coordinator = RunningCoordinator.start(Files.createDirectories(dir.resolve("data")));
    }

    @AfterAll
    static void stop() {
        coordinator.close();
    }

    @Test
    void theExecutableJarRuns() throws Exception {
        Path jar = Path.of("target", "flotilla-operator.jar");
        assertThat(jar).isRegularFile();
        assertThat(Path.of("target", "lib")).isDirectory();

        Run version = run(List.of(java(), "-jar", jar.toString(), "--version"));
        Run list = run(List.of(java(), "-jar", jar.toString(), "jobs", "list", "--url", coordinator.url().toString(),
                "--token", RunningCoordinator.ADMIN_TOKEN));
        Run wrong = run(List.of(java(), "-jar", jar.toString(), "clients", "list", "--url", coordinator.url().toString(),
                "--token", "wrong"));

        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("flotilla operator 0.1.0");
        assertThat(list.code()).as(list.out()).isZero();
        assertThat(list.out()).contains("no jobs yet");
        assertThat(wrong.code()).isEqualTo(6);
        assertThat(wrong.out().strip()).startsWith("flotilla: wrong token").doesNotContain("Exception");
    }

    @Test
    void theArchiveHasALauncherAndItsJars() throws Exception {
        Path archive;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            archive = files.filter(p -> p.getFileName().toString().matches("flotilla-operator-.+\\.tar\\.gz"))
                    .findFirst().orElseThrow(() -> new AssertionError("no target/flotilla-operator-*.tar.gz"));
        }
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        assertThat(run(List.of("tar", "-xzf", archive.toAbsolutePath().toString(), "-C", unpacked.toString())).code()).isZero();
        Path home;
        try (Stream<Path> top = Files.list(unpacked)) {
            home = top.findFirst().orElseThrow();
        }
        Path launcher = home.resolve("bin/flotilla-operator");
        assertThat(Files.isExecutable(launcher)).isTrue();
        try (Stream<Path> lib = Files.list(home.resolve("lib"))) {
            assertThat(lib.map(p -> p.getFileName().toString()).toList())
                    .anyMatch(n -> n.startsWith("operator-cli")).anyMatch(n -> n.startsWith("picocli"))
                    .noneMatch(n -> n.contains("nd4j") || n.contains("deeplearning4j") || n.contains("spring"));
        }

        Run clients = run(List.of(launcher.toString(), "clients", "list", "--json"),
                "FLOTILLA_URL", coordinator.url().toString(), "FLOTILLA_ADMIN_TOKEN", RunningCoordinator.ADMIN_TOKEN,
                "JAVA_HOME", System.getProperty("java.home"));

        assertThat(clients.code()).as(clients.out()).isZero();
        assertThat(clients.out().strip()).isEqualTo("[ ]");
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private record Run(int code, String out) {
    }

    private static Run run(List<String> command, String... env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
        for (int i = 0; i < env.length; i += 2) {
            pb.environment().put(env[i], env[i + 1]);
        }
        pb.environment().remove("FLOTILLA_ADMIN_TOKEN_FILE");
        pb.environment().put("HOME", dir.resolve("home").toString());
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }
}
