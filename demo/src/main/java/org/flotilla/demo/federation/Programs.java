package org.flotilla.demo.federation;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the two programs are: the coordinator's executable jar and the edge client's class path,
 * both as the build wrote them ({@code coordinator/target/coordinator-exec.jar};
 * {@code edge-client/target/classes} plus {@code edge-client/target/classpath.txt}, which the
 * build writes during {@code package}). System properties {@code flotilla.coordinator.jar} and
 * {@code flotilla.edge.classpath} override them; tests pass their own.
 *
 * @param java             the java executable to start them with
 * @param coordinatorJar   the coordinator's executable jar
 * @param edgeClasspath    the edge client's class path
 */
public record Programs(Path java, Path coordinatorJar, String edgeClasspath) {

    /** From system properties, falling back to the build folders under {@code repoRoot}. */
    public static Programs locate(Path repoRoot) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String jar = System.getProperty("flotilla.coordinator.jar");
        Path coordinator = jar != null ? Path.of(jar) : repoRoot.resolve("coordinator/target/coordinator-exec.jar");
        if (!Files.isRegularFile(coordinator)) {
            throw new IllegalStateException("the coordinator is not built (" + coordinator + " is missing); run ./flotilla build");
        }
        String edge = System.getProperty("flotilla.edge.classpath");
        return new Programs(java, coordinator, edge != null ? edge : builtClasspath(repoRoot.resolve("edge-client")));
    }

    /** {@code module/target/classes} and the class path the build wrote beside it; every entry must exist. */
    static String builtClasspath(Path module) {
        Path file = module.resolve("target/classpath.txt");
        String written;
        try {
            written = Files.readString(file).trim();
        } catch (IOException e) {
            throw new IllegalStateException(module.getFileName() + " is not built (" + file + " is missing); run ./flotilla build");
        }
        String classpath = module.resolve("target/classes") + File.pathSeparator + written;
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!Files.exists(Path.of(entry))) {
                throw new IllegalStateException(module.getFileName() + "'s class path names " + entry
                        + ", which no longer exists; run ./flotilla build");
            }
        }
        return classpath;
    }
}
