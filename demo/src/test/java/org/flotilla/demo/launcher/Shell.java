package org.flotilla.demo.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs bash in a folder and collects its exit status, stdout and stderr separately. */
final class Shell {

    /** The repository this test runs in (the demo module's parent). */
    static final Path REPO = Path.of("").toAbsolutePath().getParent();

    private Shell() {
    }

    record Result(int status, String out, String err) {

        /** The stderr lines that show a build step's output tail ({@code "  | "} prefix), without the prefix. */
        List<String> tailLines() {
            List<String> lines = new ArrayList<>();
            err.lines().filter(l -> l.startsWith("  | ")).forEach(l -> lines.add(l.substring(4)));
            return lines;
        }

        @Override
        public String toString() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** {@code bash -c script} in {@code dir} with {@code env} added, killed after {@code timeout}. */
    static Result run(Path dir, String script, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script).directory(dir.toFile());
        pb.environment().putAll(env);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(p.getInputStream()));
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor();
            throw new AssertionError("bash -c '" + script + "' did not finish within " + timeout);
        }
        return new Result(p.exitValue(), out.join(), err.join());
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** {@code s} quoted for bash. */
    static String quote(Object s) {
        return "'" + s.toString().replace("'", "'\\''") + "'";
    }
}
