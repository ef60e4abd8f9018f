package org.flotilla.demo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code scripts/build.sh}, the functions the launcher and the benchmark scripts build with, run by
 * bash on commands that fail and succeed in known ways.
 */
class BuildStepTest {

    private static final String LIBRARY = "source " + Shell.quote(Shell.REPO.resolve("scripts/build.sh")) + "; ";

    @TempDir
    Path dir;

    @Test
    void aFailingStepShowsItsCommandItsLast30LinesAndItsLogAndKeepsItsExitStatus() throws Exception {
        // Prepare: a "build" that writes 50 lines, an error on stderr, and exits 7
        Path log = dir.resolve("logs/build.log");
        String step = "for i in $(seq 1 50); do echo \"line $i\"; done; echo 'error: the real cause' >&2; exit 7";

        // Execute
        Shell.Result r = Shell.run(dir, LIBRARY + "flotilla_run_step " + Shell.quote(log) + " bash -c "
                + Shell.quote(step), Map.of(), Duration.ofSeconds(30));

        // Assert
        assertThat(r.status()).as(r.toString()).isEqualTo(7);
        assertThat(r.err()).contains("build step failed (exit status 7): bash -c " + step)
                .contains("full log: " + log);
        List<String> logLines = Files.readAllLines(log);
        assertThat(logLines).hasSize(2 + 51).contains("line 1", "line 50", "error: the real cause");
        assertThat(r.tailLines()).as("the last 30 lines of the log, as shown").hasSize(30)
                .isEqualTo(logLines.subList(logLines.size() - 30, logLines.size()))
                .endsWith("line 49", "line 50", "error: the real cause")
                .doesNotContain("line 21");
        assertThat(r.out()).as("nothing of the step's output on stdout").isEmpty();
    }

    @Test
    void aStepThatFailsWithoutOutputIsNotSilent() throws Exception {
        Path log = dir.resolve("build.log");
        Shell.Result r = Shell.run(dir, LIBRARY + "flotilla_run_step " + Shell.quote(log) + " false",
                Map.of(), Duration.ofSeconds(30));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).contains("build step failed (exit status 1): false").contains("full log: " + log);
    }

    @Test
    void aSucceedingStepShowsOnlyMavensModuleHeadersAndLogsEverything() throws Exception {
        Path log = dir.resolve("build.log");
        String step = "echo '[INFO] Building Flotilla datasets 0.1.0-SNAPSHOT                 [2/8]';"
                + " echo '[INFO] Building jar: /x/datasets.jar'; echo 'noise'; echo 'more noise' >&2";

        Shell.Result r = Shell.run(dir, LIBRARY + "flotilla_run_step " + Shell.quote(log) + " bash -c "
                + Shell.quote(step) + " && echo done", Map.of(), Duration.ofSeconds(30));

        assertThat(r.status()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("done\n");
        assertThat(r.err()).isEqualTo("flotilla:   Flotilla datasets 0.1.0-SNAPSHOT\n");
        assertThat(Files.readString(log)).contains("Building jar: /x/datasets.jar", "noise", "more noise");
    }

    @Test
    void aClassPathWithAnEntryThatNoLongerExistsCountsAsNotBuilt() throws Exception {
        // Prepare: a module the build wrote, whose class path names two jars
        Path module = dir.resolve("demo");
        Files.createDirectories(module.resolve("target/classes"));
        Path a = Files.writeString(dir.resolve("a.jar"), "a");
        Path b = Files.writeString(dir.resolve("b.jar"), "b");
        Files.writeString(module.resolve("target/classpath.txt"), a + ":" + b + "\n");
        String read = LIBRARY + "flotilla_classpath " + Shell.quote(module);

        // Execute and assert: complete, then with one jar gone
        Shell.Result complete = Shell.run(dir, read, Map.of(), Duration.ofSeconds(30));
        assertThat(complete.status()).as(complete.toString()).isZero();
        assertThat(complete.out()).isEqualTo(module.resolve("target/classes") + ":" + a + ":" + b + "\n");
        Files.delete(b);
        Shell.Result incomplete = Shell.run(dir, read, Map.of(), Duration.ofSeconds(30));
        assertThat(incomplete.status()).isNotZero();
        assertThat(incomplete.out()).isEmpty();
    }

    @Test
    void sourcesNewerThanTheStampMeanABuildIsDue() throws Exception {
        Path source = dir.resolve("datasets/src/main/java/A.java");
        Files.createDirectories(source.getParent());
        Files.writeString(source, "class A {}");
        Path output = dir.resolve("datasets/target/classes/A.class");
        Files.createDirectories(output.getParent());
        Path stamp = dir.resolve("target/.flotilla-built");
        Files.createDirectories(stamp.getParent());
        Files.writeString(stamp, "");
        String due = LIBRARY + "flotilla_sources_newer_than " + Shell.quote(dir) + " " + Shell.quote(stamp);

        touch(source, -60);
        touch(stamp, -30);
        Files.writeString(output, "built later");
        assertThat(Shell.run(dir, due, Map.of(), Duration.ofSeconds(30)).status()).as("outputs do not count").isNotZero();
        touch(source, 0);
        assertThat(Shell.run(dir, due, Map.of(), Duration.ofSeconds(30)).status()).as("a newer source").isZero();
        Files.delete(stamp);
        assertThat(Shell.run(dir, due, Map.of(), Duration.ofSeconds(30)).status()).as("never built").isZero();
    }

    private static void touch(Path p, int secondsFromNow) throws java.io.IOException {
        Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(
                System.currentTimeMillis() + secondsFromNow * 1000L));
    }
}
