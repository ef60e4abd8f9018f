package org.flotilla.edge.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds out, by trying, which confinement this machine allows without root: it runs tiny children
 * through exactly the command lines {@link Sandbox} builds and checks the guarantee itself (a file
 * under a hidden directory cannot be read and its mount cannot be undone; writes through the
 * overlay do not reach the lower directory). Unprivileged user namespaces can be missing or
 * disabled (kernel settings, containers, AppArmor's userns restriction), so nothing is assumed.
 */
public final class IsolationProbe {

    private static final Logger LOG = LoggerFactory.getLogger(IsolationProbe.class);
    private static final List<Path> BIN = List.of(Path.of("/usr/bin"), Path.of("/bin"), Path.of("/usr/sbin"), Path.of("/sbin"));
    private static final long PROBE_BLOCKS = 2048;
    private static Isolation cached;
    private static Tools cachedTools;

    /** Absolute paths of the tools used; null where one is missing. */
    record Tools(Path sh, Path unshare, Path setpriv, Path systemdRun) {

        static Tools find() {
            return new Tools(which("sh"), which("unshare"), which("setpriv"), which("systemd-run"));
        }

        private static Path which(String name) {
            return BIN.stream().map(d -> d.resolve(name)).filter(Files::isExecutable).findFirst().orElse(null);
        }
    }

    private IsolationProbe() {
    }

    /** The tools found on this machine. */
    static synchronized Tools tools() {
        if (cachedTools == null) {
            cachedTools = Tools.find();
        }
        return cachedTools;
    }

    /** What this machine allows; probed once per JVM, in {@code scratch}. */
    public static synchronized Isolation detect(Path scratch) {
        if (cached == null) {
            cached = probe(tools(), scratch);
            LOG.info("bundle isolation: {}", cached.describe());
        }
        return cached;
    }

    static Isolation probe(Tools tools, Path scratch) {
        List<String> notes = new ArrayList<>();
        boolean namespaces = false;
        boolean overlay = false;
        boolean networkOnly = false;
        Path dir = null;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "isolation-probe");
            if (tools.sh() == null || tools.unshare() == null || tools.setpriv() == null) {
                notes.add("no namespaces: " + missing(tools));
            } else {
                Path hidden = Files.createDirectories(dir.resolve("hidden"));
                Files.writeString(hidden.resolve("secret"), "probe");
                String check = "if cat \"$1/secret\" >/dev/null 2>&1; then exit 1; fi;"
                        + " if umount \"$1\" 2>/dev/null; then exit 2; fi; exit 0";
                Result r = run(Sandbox.namespaced(tools, List.of(new Sandbox.HideDir(hidden)), PROBE_BLOCKS,
                        List.of(tools.sh().toString(), "-c", check, "probe", hidden.toString())), dir);
                namespaces = r.code == 0;
                if (!namespaces) {
                    notes.add("no mount+pid namespaces (" + r.describe() + ")");
                } else {
                    overlay = probeOverlay(tools, dir, notes);
                }
                if (!namespaces) {
                    Result n = run(Sandbox.networkOnly(tools, PROBE_BLOCKS, List.of(tools.sh().toString(), "-c", "exit 0")), dir);
                    networkOnly = n.code == 0;
                    if (!networkOnly) {
                        notes.add("no network namespace (" + n.describe() + ")");
                    }
                }
            }
        } catch (IOException e) {
            notes.add("probe failed: " + e.getMessage());
        } finally {
            if (dir != null) {
                Files2.deleteTree(dir);
            }
        }
        boolean scope = false;
        if (tools.systemdRun() != null && tools.sh() != null) {
            List<String> argv = new ArrayList<>(Sandbox.systemdScope(tools, 64, 100));
            argv.addAll(List.of(tools.sh().toString(), "-c", "exit 0"));
            Result r = run(argv, scratch);
            scope = r.code == 0;
            if (!scope) {
                notes.add("no systemd user scope (" + r.describe() + ")");
            }
        } else {
            notes.add("no systemd-run");
        }
        return new Isolation(namespaces, networkOnly, overlay, scope, String.join("; ", notes));
    }

    private static boolean probeOverlay(Tools tools, Path dir, List<String> notes) throws IOException {
        Path lower = Files.createDirectories(dir.resolve("lower"));
        Files.writeString(lower.resolve("probe"), "probe");
        Path upper = Files.createDirectories(dir.resolve("upper"));
        Path work = Files.createDirectories(dir.resolve("work"));
        Path merged = Files.createDirectories(dir.resolve("merged"));
        Result r = run(Sandbox.namespaced(tools, List.of(new Sandbox.Overlay(lower, upper, work, merged)), PROBE_BLOCKS,
                List.of(tools.sh().toString(), "-c", "cat \"$1/probe\" >/dev/null && : > \"$1/written\"", "probe",
                        merged.toString())), dir);
        boolean ok = r.code == 0 && !Files.exists(lower.resolve("written")) && Files.exists(upper.resolve("written"));
        if (!ok) {
            notes.add("no unprivileged overlay (" + r.describe() + "); the child gets a native cache of its own");
        }
        return ok;
    }

    private static String missing(Tools t) {
        List<String> m = new ArrayList<>();
        if (t.sh() == null) {
            m.add("sh");
        }
        if (t.unshare() == null) {
            m.add("unshare");
        }
        if (t.setpriv() == null) {
            m.add("setpriv");
        }
        return "missing " + String.join(", ", m) + " (util-linux)";
    }

    private record Result(int code, String stderr) {
        String describe() {
            return "exit " + code + (stderr.isBlank() ? "" : ": " + stderr.lines().findFirst().orElse("").strip());
        }
    }

    private static Result run(List<String> argv, Path dir) {
        try {
            ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().clear();
            pb.environment().putAll(Map.of("PATH", "/usr/bin:/bin", "LANG", "C.UTF-8"));
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] err;
            try (InputStream e = p.getErrorStream()) {
                err = e.readNBytes(4096);
            }
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
