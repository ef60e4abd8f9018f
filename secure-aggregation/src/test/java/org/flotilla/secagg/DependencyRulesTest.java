package org.flotilla.secagg;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the library's promises about its dependencies, read from the import lines of the main
 * sources: only the JDK, Bouncy Castle (HKDF) and Jackson (JSON) from outside, and the packages in one direction
 * (primitives know nothing of the protocol; the two parties know nothing of each other).
 */
class DependencyRulesTest {

    private static final Path MAIN = Path.of("src/main/java/org/flotilla/secagg");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?([\\w.]+)\\.[\\w*]+;", Pattern.MULTILINE);

    /** For each package, the secagg packages it may not import. */
    private static final Map<String, List<String>> FORBIDDEN = Map.of(
            "crypto", List.of("wire", "quant", "graph", "client", "server", "local"),
            "quant", List.of("wire", "graph", "client", "server", "local"),
            "graph", List.of("wire", "quant", "client", "server", "local"),
            "wire", List.of("client", "server", "local", "graph", "quant"),
            "client", List.of("server", "local"),
            "server", List.of("client", "local"));

    @Test
    void onlyTheJdkBouncyCastleAndJacksonAreImported() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : sources()) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                String pkg = m.group(1);
                if (!(pkg.startsWith("java.") || pkg.startsWith("javax.") || pkg.startsWith("org.bouncycastle.") || pkg.startsWith("tools.jackson.")
                        || pkg.startsWith("org.flotilla.secagg"))) {
                    offending.add(MAIN.relativize(file) + ": " + pkg);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    @Test
    void packagesDependInOneDirection() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : sources()) {
            Path rel = MAIN.relativize(file);
            if (rel.getNameCount() < 2) {
                continue;
            }
            String own = rel.getName(0).toString();
            String text = Files.readString(file);
            for (String other : FORBIDDEN.getOrDefault(own, List.of())) {
                if (text.contains("import org.flotilla.secagg." + other + ".")) {
                    offending.add(rel + " imports " + other);
                }
            }
        }
        assertThat(offending).isEmpty();
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".java")).toList();
            assertThat(files).hasSizeGreaterThan(30);
            return files;
        }
    }
}
