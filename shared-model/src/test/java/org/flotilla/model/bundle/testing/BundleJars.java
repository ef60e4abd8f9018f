package org.flotilla.model.bundle.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.flotilla.model.bundle.BundleManifest;
import org.flotilla.model.bundle.BundleSpi;
import org.flotilla.model.signing.DetachedSignature;
import org.flotilla.model.signing.SigningKey;

/**
 * Builds bundle jars inside tests: compiles Java sources with the JDK's compiler against the test's
 * class path and packs the classes with a manifest, so a test's bundle exists only in its jar (not
 * on any class path the child could also load it from).
 */
public final class BundleJars {

    private BundleJars() {
    }

    /**
     * Compiles {@code sources} (binary class name → source text) and writes {@code jar} with them and
     * {@code manifest}.
     */
    public static Path compile(Path jar, BundleManifest manifest, Map<String, String> sources) {
        try {
            Path work = Files.createTempDirectory(jar.toAbsolutePath().getParent(), "src");
            Path src = Files.createDirectories(work.resolve("src"));
            Path classes = Files.createDirectories(work.resolve("classes"));
            List<String> args = new ArrayList<>(List.of("--release", "21", "-proc:none", "-nowarn", "-d", classes.toString(),
                    "-classpath", System.getProperty("java.class.path")));
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                args.add(file.toString());
            }
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter errors = new StringWriter();
            int rc = javac.run(null, null, new java.io.PrintStream(new java.io.ByteArrayOutputStream()) {
                @Override
                public void write(byte[] b, int off, int len) {
                    errors.write(new String(b, off, len));
                }
            }, args.toArray(String[]::new));
            if (rc != 0) {
                throw new IllegalStateException("test bundle does not compile:\n" + errors);
            }
            return jarOf(classes, jar, manifest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Packs a classes directory and {@code manifest} (if not null) into {@code jar}. */
    public static Path jarOf(Path classes, Path jar, BundleManifest manifest) {
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(o);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                String name = classes.relativize(f).toString().replace('\\', '/');
                if (manifest != null && name.equals(BundleSpi.MANIFEST_ENTRY)) {
                    continue;
                }
                out.putNextEntry(new JarEntry(name));
                Files.copy(f, out);
                out.closeEntry();
            }
            if (manifest != null) {
                out.putNextEntry(new JarEntry(BundleSpi.MANIFEST_ENTRY));
                out.write(manifest.toJson());
                out.closeEntry();
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code artifact.sig}, signed by {@code key}; returns its path. */
    public static Path sign(Path artifact, SigningKey key) {
        try {
            return Files.write(artifact.resolveSibling(artifact.getFileName() + DetachedSignature.SUFFIX),
                    key.sign(artifact).toJson());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
