package org.flotilla.crash;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts the coordinator in about a quarter of the time a cold fat jar takes (2–3 s instead of
 * 8–10 s on two cores), which is what makes dozens of restarts affordable: the built jar is
 * extracted with Spring Boot's {@code -Djarmode=tools extract} and a JVM class cache is trained once
 * with {@code -Dspring.context.exit=onRefresh} — JDK 25's AOT cache (JEP 514/515) or, on JDK 21–24,
 * a dynamic CDS archive. Same code, same classes: only class loading is cached. Both are kept
 * under {@code <work>/fast-start}, keyed by the jar's size and time. Any failure falls back to
 * the plain jar.
 *
 * @param jar        the jar to run ({@code -jar})
 * @param jvmOptions the options that use the cache (plus C1-only compilation, a faster start)
 */
public record FastStart(Path jar, List<String> jvmOptions) {

    /** The plain jar, no cache. */
    public static FastStart plain(Path jar) {
        return new FastStart(jar, List.of());
    }

    /** Extracts and trains once per jar version, or reuses what an earlier run left. */
    public static FastStart prepare(Path java, Path fatJar, Path work) {
        try {
            Path dir = work.resolve("fast-start").resolve(Files.size(fatJar) + "-" + Files.getLastModifiedTime(fatJar).toMillis());
            Path extracted = dir.resolve("app");
            Path jar = extracted.resolve(fatJar.getFileName());
            boolean aot = Runtime.version().feature() >= 25;
            Path cache = dir.resolve(aot ? "coordinator.aot" : "coordinator.jsa");
            List<String> use = new ArrayList<>(List.of("-XX:TieredStopAtLevel=1",
                    aot ? "-XX:AOTCache=" + cache : "-XX:SharedArchiveFile=" + cache));
            if (Files.isRegularFile(cache) && Files.isRegularFile(jar)) {
                return new FastStart(jar, use);
            }
            Files.createDirectories(dir);
            run(dir.resolve("extract.log"), java.toString(), "-Djarmode=tools", "-jar", fatJar.toString(), "extract",
                    "--destination", extracted.toString(), "--force");
            Path scratch = Files.createTempDirectory(dir, "train-");
            run(dir.resolve("train.log"), java.toString(), "-XX:TieredStopAtLevel=1",
                    aot ? "-XX:AOTCacheOutput=" + cache : "-XX:ArchiveClassesAtExit=" + cache,
                    "-Dspring.context.exit=onRefresh", "-jar", jar.toString(),
                    "--flotilla.data-dir=" + scratch, "--server.port=0", "--server.address=127.0.0.1");
            return Files.isRegularFile(cache) ? new FastStart(jar, use) : plain(fatJar);
        } catch (IOException | RuntimeException e) {
            System.err.println("crash-tests: no fast start (" + e.getMessage() + "); using the plain jar");
            return plain(fatJar);
        }
    }

    private static void run(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(180, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " took more than 180 s; see " + log);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(command[1] + " … exited with " + p.exitValue() + "; see " + log);
        }
    }
}
