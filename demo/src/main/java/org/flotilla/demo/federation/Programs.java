package org.flotilla.demo.federation;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the two programs are: the coordinator's executable jar and the edge client's class path.
 * The launcher passes them as system properties {@code flotilla.coordinator.jar} and
 * {@code flotilla.edge.classpath}; tests derive them from the build folders.
 *
 * @param java             the java executable to start them with
 * @param coordinatorJar   {@code coordinator/target/coordinator-exec.jar}
 * @param edgeClasspath    the edge client's class path
 */
public record Programs(Path java, Path coordinatorJar, String edgeClasspath) {

    /** From system properties, falling back to the build folders under {@code repoRoot}. */
    public static Programs locate(Path repoRoot) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String jar = System.getProperty("flotilla.coordinator.jar");
        Path coordinator = jar != null ? Path.of(jar) : repoRoot.resolve("coordinator/target/coordinator-exec.jar");
        String edge = System.getProperty("flotilla.edge.classpath");
        if (edge == null) {
            Path cpFile = repoRoot.resolve("edge-client/target/classpath.txt");
            try {
                edge = repoRoot.resolve("edge-client/target/classes") + File.pathSeparator
                        + Files.readString(cpFile).trim();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the edge client is not built (" + cpFile
                        + " is missing); run ./flotilla build");
            }
        }
        if (!Files.isRegularFile(coordinator)) {
            throw new IllegalStateException("the coordinator is not built (" + coordinator + " is missing); run ./flotilla build");
        }
        return new Programs(java, coordinator, edge);
    }
}
