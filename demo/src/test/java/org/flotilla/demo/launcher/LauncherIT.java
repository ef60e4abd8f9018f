package org.flotilla.demo.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./flotilla} in temporary copies of this repository: a deliberately broken module
 * makes the real Maven build fail and the launcher must say why; a checkout whose build outputs
 * are present runs its programs without calling Maven at all, and one whose outputs are
 * incomplete builds again.
 */
class LauncherIT {

    /** Folders that are build outputs or run data, never copied. */
    private static final Set<String> SKIPPED = Set.of("target", ".git", "demo-data", "flotilla-data", "out", ".idea");

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aCompileErrorInAModuleFailsTheBuildWithItsCommandOutputAndLog() throws Exception {
        // Prepare: this repository's sources, one module broken
        Path copy = dir.resolve("flotilla");
        copySources(Shell.REPO, copy);
        Path broken = copy.resolve("datasets/src/main/java/org/flotilla/datasets/Broken.java");
        Files.writeString(broken, "package org.flotilla.datasets;\n\nclass Broken {\n    int missingValue = ;\n}\n");

        // Execute: the build the demo would start, with this build's local repository, offline
        Shell.Result r = Shell.run(copy, "./flotilla build", Map.of(
                "MAVEN_OPTS", "-Dmaven.repo.local=" + localRepository(),
                "MAVEN_ARGS", "--offline"), Duration.ofMinutes(4));

        // Assert
        Path log = copy.resolve("target/flotilla-build.log");
        assertThat(r.status()).as(r.toString()).isNotZero();
        assertThat(r.err()).as(r.toString())
                .contains("flotilla: build step failed (exit status 1): " + copy.resolve("mvnw") + " -B -ntp")
                .contains("flotilla: full log: " + log);
        assertThat(r.tailLines()).as("the last 30 lines of the build").hasSize(30)
                .anySatisfy(l -> assertThat(l).contains("Broken.java").contains("[4,"));
        assertThat(Files.readString(log)).contains("COMPILATION ERROR").contains("BUILD FAILURE").contains("Broken.java");
        assertThat(copy.resolve("target/.flotilla-built")).as("no stamp after a failed build").doesNotExist();
    }

    @Test
    @Timeout(value = 2, unit = java.util.concurrent.TimeUnit.MINUTES)
    void aBuiltCheckoutRunsWithoutMavenAndAnIncompleteOneBuildsAgain() throws Exception {
        // Prepare: the launcher with its scripts, a "mvnw" that only records that it was called,
        // and the outputs a build writes for ./flotilla partition (the datasets module's run class
        // path: this test's own, which holds the datasets jar and its dependencies)
        Path copy = dir.resolve("flotilla");
        Files.createDirectories(copy);
        Files.copy(Shell.REPO.resolve("flotilla"), copy.resolve("flotilla"), StandardCopyOption.COPY_ATTRIBUTES);
        copySources(Shell.REPO.resolve("scripts"), copy.resolve("scripts"));
        Path calls = dir.resolve("maven-calls");
        Path mvnw = Files.writeString(copy.resolve("mvnw"), "#!/bin/sh\necho \"mvnw $*\" >> " + Shell.quote(calls)
                + "\necho '[ERROR] no network in this test'\nexit 3\n");
        Files.setPosixFilePermissions(mvnw, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path coordinatorJar = copy.resolve("coordinator/target/coordinator-exec.jar");
        Files.createDirectories(coordinatorJar.getParent());
        Files.writeString(coordinatorJar, "stands in for the coordinator; not started by this test");
        Files.createDirectories(copy.resolve("datasets/target/classes"));
        Path classpathFile = copy.resolve("datasets/target/classpath.txt");
        Files.writeString(classpathFile, System.getProperty("java.class.path"));
        Files.createDirectories(copy.resolve("target"));
        Files.writeString(copy.resolve("target/.flotilla-built"), "");

        // Execute: a program of the built checkout
        Shell.Result run = Shell.run(copy, "./flotilla partition --help", Map.of(), Duration.ofMinutes(1));

        // Assert: it ran, and Maven was never called
        assertThat(run.status()).as(run.toString()).isZero();
        assertThat(run.out() + run.err()).contains("--scheme");
        assertThat(calls).as("Maven calls after the build").doesNotExist();

        // Execute: the same with one entry of the class path gone (e.g. a cleaned local repository)
        Files.writeString(classpathFile, System.getProperty("java.class.path") + ":" + dir.resolve("gone.jar"));
        Shell.Result rebuild = Shell.run(copy, "./flotilla partition --help", Map.of(), Duration.ofMinutes(1));

        // Assert: it built again, and that build's failure was reported, not swallowed
        assertThat(Files.readString(calls)).isEqualTo("mvnw -B -ntp -DskipTests package\n");
        assertThat(rebuild.status()).as(rebuild.toString()).isNotZero();
        assertThat(rebuild.err()).contains("flotilla: build step failed (exit status 3): " + mvnw)
                .contains("  | [ERROR] no network in this test")
                .contains("flotilla: full log: " + copy.resolve("target/flotilla-build.log"));
    }

    /** The local Maven repository of the build running this test. */
    private static String localRepository() {
        String repo = System.getProperty("flotilla.test.local-repository");
        assertThat(repo).as("system property flotilla.test.local-repository (set by demo/pom.xml)").isNotBlank();
        return repo;
    }

    /** Copies {@code from} to {@code to} without build outputs, run data or version control. */
    private static void copySources(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) throws IOException {
                if (!d.equals(from) && SKIPPED.contains(d.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(d).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
                Files.copy(f, to.resolve(from.relativize(f).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
