package org.flotilla.edge.bundle;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import org.flotilla.edge.training.LocalTrainer;

/**
 * The class path of a bundle child: the edge client's own class path without any entry that holds
 * edge-client code (so neither its jar nor its classes folder), then a small "training runtime"
 * jar, then the bundle. What remains of the edge client's class path is shared-model (the SPI and
 * the host), datasets, DL4J/ND4J and the other libraries.
 *
 * <p>The training runtime carries the worker-pool trainer ({@code org.flotilla.edge.training}:
 * {@code LocalTrainer}, {@code WorkerPool}, replicas, TLP) and the stop signal it needs
 * ({@code org.flotilla.edge.lifecycle}), copied out of the edge client's code location, so a bundle
 * trains with the same design as the built-in path without the child holding the rest of the edge
 * client (identity, HTTP, state). It is a stopgap until that trainer lives in a module of its own,
 * which would then simply be one more library on the class path.
 */
final class ChildClassPath {

    /** Packages of the edge client copied into the training runtime. */
    static final List<String> RUNTIME_PACKAGES = List.of("org/flotilla/edge/training/", "org/flotilla/edge/lifecycle/");
    private static final String EDGE_CODE = "org/flotilla/edge/";

    private ChildClassPath() {
    }

    /**
     * The entries of {@code javaClassPath} (manifest {@code Class-Path}s expanded, as surefire and IDEs
     * use them) that hold no edge-client class, in order, existing entries only.
     */
    static List<Path> platform(String javaClassPath) {
        Set<Path> entries = new LinkedHashSet<>();
        for (String e : javaClassPath.split(File.pathSeparator)) {
            if (!e.isBlank()) {
                expand(Path.of(e).toAbsolutePath().normalize(), entries, 0);
            }
        }
        List<Path> out = new ArrayList<>();
        for (Path p : entries) {
            if (Files.exists(p) && !holdsEdgeCode(p)) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    private static void expand(Path entry, Set<Path> into, int depth) {
        if (!into.add(entry) || depth > 3 || !Files.isRegularFile(entry) || !entry.toString().endsWith(".jar")) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            String cp = jar.getManifest() == null ? null : jar.getManifest().getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            if (cp == null) {
                return;
            }
            for (String ref : cp.trim().split("\\s+")) {
                if (ref.isEmpty()) {
                    continue;
                }
                Path p;
                try {
                    p = ref.startsWith("file:") ? Path.of(new java.net.URI(ref)) : entry.getParent().resolve(
                            java.net.URLDecoder.decode(ref, java.nio.charset.StandardCharsets.UTF_8));
                } catch (URISyntaxException | IllegalArgumentException e) {
                    continue;
                }
                expand(p.toAbsolutePath().normalize(), into, depth + 1);
            }
        } catch (IOException e) {
            // not a readable jar: kept as it is
        }
    }

    /** Whether a class path entry holds any class of the edge client. */
    static boolean holdsEdgeCode(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.isDirectory(entry.resolve(EDGE_CODE));
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith(EDGE_CODE));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Writes the training runtime jar to {@code target}, copied from the edge client's code location.
     * It is written afresh into each child's own working directory, so one child cannot alter what
     * another loads.
     */
    static Path writeTrainingRuntime(Path target) {
        Path source;
        try {
            source = Path.of(LocalTrainer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("cannot locate the edge client's classes", e);
        }
        Map<String, byte[]> classes = new TreeMap<>();
        try {
            if (Files.isDirectory(source)) {
                for (String pkg : RUNTIME_PACKAGES) {
                    Path root = source.resolve(pkg);
                    if (Files.isDirectory(root)) {
                        try (Stream<Path> files = Files.walk(root)) {
                            for (Path f : files.filter(Files::isRegularFile).toList()) {
                                classes.put(source.relativize(f).toString().replace(File.separatorChar, '/'),
                                        Files.readAllBytes(f));
                            }
                        }
                    }
                }
            } else {
                try (JarFile jar = new JarFile(source.toFile())) {
                    for (JarEntry e : Collections.list(jar.entries())) {
                        if (!e.isDirectory() && RUNTIME_PACKAGES.stream().anyMatch(e.getName()::startsWith)) {
                            try (InputStream in = jar.getInputStream(e)) {
                                classes.put(e.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
            try (OutputStream o = Files.newOutputStream(target); JarOutputStream out = new JarOutputStream(o)) {
                for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                    out.putNextEntry(new JarEntry(c.getKey()));
                    out.write(c.getValue());
                    out.closeEntry();
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training runtime jar " + target, e);
        }
    }
}
