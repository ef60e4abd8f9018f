package org.flotilla.operator.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.flotilla.operator.OperatorException;

/**
 * Resolves the {@link Connection} from, in this order of precedence:
 * <ol>
 *   <li>the command line: {@code --url}, {@code --token} or {@code --token-file};</li>
 *   <li>the environment: {@code FLOTILLA_URL}, {@code FLOTILLA_ADMIN_TOKEN} or
 *       {@code FLOTILLA_ADMIN_TOKEN_FILE};</li>
 *   <li>the config file: {@code --config FILE}, else {@code $XDG_CONFIG_HOME/flotilla/operator.properties}
 *       (default {@code ~/.config/flotilla/operator.properties}) if it exists, with the keys
 *       {@code url}, {@code token} and {@code token-file};</li>
 *   <li>the default URL {@code http://localhost:8080} (there is no default token).</li>
 * </ol>
 * Each setting is looked up on its own: a URL from the environment and a token from the file mix.
 */
public final class ConnectionResolver {

    /** The URL used when none is given. */
    public static final String DEFAULT_URL = "http://localhost:8080";
    /** Keys a config file may hold. */
    public static final List<String> KEYS = List.of("url", "token", "token-file");
    /** Bytes a config or token file may have; larger ones are refused before reading. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private final Map<String, String> env;
    private final Path home;

    /**
     * @param env  the process environment (injected so tests can set it)
     * @param home the user's home directory
     */
    public ConnectionResolver(Map<String, String> env, Path home) {
        this.env = Map.copyOf(env);
        this.home = home;
    }

    /** The config file looked for when {@code --config} is not given. */
    public Path defaultConfigFile() {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".config");
        return base.resolve("flotilla").resolve("operator.properties");
    }

    /**
     * The connection for these command-line values (each may be null).
     *
     * @param warnings receives one-line warnings, e.g. a config file with a token readable by others
     * @throws OperatorException (usage) when a value is invalid or there is no token
     */
    public Connection resolve(String url, String token, Path tokenFile, Path configFile, Consumer<String> warnings) {
        if (token != null && tokenFile != null) {
            throw OperatorException.usage("give --token or --token-file, not both");
        }
        Properties file = configFile != null ? load(configFile, true) : load(defaultConfigFile(), false);
        Path fileName = configFile != null ? configFile : defaultConfigFile();
        String fileLabel = "config file " + fileName;

        Sourced u = first(() -> value("--url", url), () -> value("FLOTILLA_URL", env.get("FLOTILLA_URL")),
                () -> value(fileLabel + " (url)", file.getProperty("url")), () -> value("default", DEFAULT_URL));
        // Token files are read only when they are the source that wins.
        Sourced t = first(() -> value("--token", token),
                () -> tokenFile == null ? null : new Sourced(readToken(tokenFile, "--token-file"), "--token-file " + tokenFile),
                () -> value("FLOTILLA_ADMIN_TOKEN", env.get("FLOTILLA_ADMIN_TOKEN")),
                () -> fromTokenFile(env.get("FLOTILLA_ADMIN_TOKEN_FILE"), "FLOTILLA_ADMIN_TOKEN_FILE"),
                () -> value(fileLabel + " (token)", file.getProperty("token")),
                () -> fromTokenFile(file.getProperty("token-file"), fileLabel + " (token-file)"));
        if (t == null) {
            throw OperatorException.usage("no admin token: pass --token or --token-file, set FLOTILLA_ADMIN_TOKEN, or put"
                    + " token-file=<data-dir>/admin-token in " + defaultConfigFile());
        }
        if (file.getProperty("token") != null && t.source().startsWith(fileLabel)) {
            warnIfShared(fileName, warnings);
        }
        return new Connection(parseUrl(u), u.source(), t.value(), t.source());
    }

    private Sourced fromTokenFile(String path, String source) {
        if (path == null || path.isBlank()) {
            return null;
        }
        Path p = Path.of(path.strip().replaceFirst("^~(?=/|$)", home.toString().replace("\\", "\\\\")));
        return new Sourced(readToken(p, source), source + " " + p);
    }

    private static String readToken(Path file, String source) {
        String text = readSmall(file, source);
        String token = text.strip();
        if (token.isEmpty()) {
            throw OperatorException.usage(source + ": " + file + " is empty; it should hold the admin token");
        }
        return token;
    }

    private static URI parseUrl(Sourced s) {
        try {
            URI uri = new URI(s.value().strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw OperatorException.usage("the coordinator URL must look like http://host:8080 or https://host (was '"
                + s.value() + "', from " + s.source() + ")");
    }

    private static Properties load(Path file, boolean required) {
        Properties p = new Properties();
        if (!required && !Files.isRegularFile(file)) {
            return p;
        }
        String text = readSmall(file, "config file");
        try {
            p.load(new java.io.StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw OperatorException.usage("config file " + file + " is not a properties file: " + e.getMessage());
        }
        for (String key : p.stringPropertyNames()) {
            if (!KEYS.contains(key)) {
                throw OperatorException.usage("config file " + file + ": unknown key '" + key + "'; known keys: "
                        + String.join(", ", KEYS));
            }
        }
        return p;
    }

    private static String readSmall(Path file, String what) {
        try {
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw OperatorException.usage(what + ": " + file + " has " + size + " bytes; at most " + MAX_FILE_BYTES
                        + " are read");
            }
            try (InputStream in = Files.newInputStream(file)) {
                return new String(in.readNBytes((int) MAX_FILE_BYTES), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (NoSuchFileException e) {
            throw OperatorException.usage(what + ": " + file + " does not exist");
        } catch (IOException e) {
            throw OperatorException.usage(what + ": cannot read " + file + " (" + e.getMessage() + ")");
        } catch (UncheckedIOException e) {
            throw OperatorException.usage(what + ": cannot read " + file + " (" + e.getMessage() + ")");
        }
    }

    private static void warnIfShared(Path file, Consumer<String> warnings) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                warnings.accept("warning: " + file + " holds the admin token and is readable by others; run chmod 600 "
                        + file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check.
        }
    }

    private static Sourced value(String source, String value) {
        return value == null || value.isBlank() ? null : new Sourced(value.strip(), source);
    }

    @SafeVarargs
    private static Sourced first(Supplier<Sourced>... candidates) {
        for (Supplier<Sourced> c : candidates) {
            Sourced s = c.get();
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    private record Sourced(String value, String source) {
    }
}
