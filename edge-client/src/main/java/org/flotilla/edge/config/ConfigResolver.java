package org.flotilla.edge.config;

import java.io.IOException;
import java.io.Reader;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

import org.flotilla.edge.http.Backoff;
import org.flotilla.edge.http.TlsTrust;

/**
 * Resolves settings with the precedence command line > environment > properties file > defaults.
 * The properties file is {@code --config FILE} or {@code $FLOTILLA_CONFIG}. Every value is
 * validated here; an error names the setting, the source the bad value came from and the range.
 */
public final class ConfigResolver {

    /** Environment variable naming the properties file. */
    public static final String CONFIG_ENV = "FLOTILLA_CONFIG";

    private final Map<Setting, String> cli;
    private final Map<String, String> env;
    private final Properties file;
    private final String fileName;

    private ConfigResolver(Map<Setting, String> cli, Map<String, String> env, Properties file, String fileName) {
        this.cli = cli;
        this.env = env;
        this.file = file;
        this.fileName = fileName;
    }

    /**
     * @param cli        values given on the command line (absent options not in the map)
     * @param configFile {@code --config} value, or null
     * @param env        the environment
     */
    public static ConfigResolver of(Map<Setting, String> cli, String configFile, Map<String, String> env) {
        String path = configFile != null ? configFile : env.get(CONFIG_ENV);
        Properties props = new Properties();
        if (path != null) {
            Path p = Path.of(path);
            if (!Files.isRegularFile(p)) {
                throw new ConfigException("config file " + p + " does not exist; give an existing properties file with"
                        + " --config (or " + CONFIG_ENV + ")");
            }
            try (Reader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException | IllegalArgumentException e) {
                throw new ConfigException("config file " + p + " cannot be read (" + e.getMessage() + ")");
            }
            for (String key : props.stringPropertyNames()) {
                if (Setting.byKey(key) == null) {
                    throw new ConfigException("config file " + p + ": unknown key '" + key + "'; known keys: "
                            + String.join(", ", Arrays.stream(Setting.values()).map(Setting::key).toList()));
                }
            }
        }
        return new ConfigResolver(Map.copyOf(cli), Map.copyOf(env), props, path);
    }

    /**
     * The configuration for {@code run}.
     *
     * @throws ConfigException when a setting is missing or invalid
     */
    public ClientConfig forRun(boolean once, boolean reEnrol) {
        Sourced coordinator = lookup(Setting.COORDINATOR);
        if (coordinator == null) {
            throw missing(Setting.COORDINATOR, "URL");
        }
        Sourced data = lookup(Setting.DATA);
        if (data == null) {
            throw missing(Setting.DATA, "SPEC");
        }
        int workers = integer(Setting.WORKERS, Runtime.getRuntime().availableProcessors(), 1, 256);
        double initial = decimal(Setting.BACKOFF_INITIAL, 1, 0.001, 3600);
        double max = decimal(Setting.BACKOFF_MAX, Math.max(60, initial), initial, 86_400);
        double giveUp = decimal(Setting.GIVE_UP_AFTER, once ? 300 : 0, 0, 1e9);
        Sourced token = lookup(Setting.ENROLMENT_TOKEN);
        Backoff backoff = Backoff.defaults().withBounds(seconds(initial), seconds(max));
        List<URI> coordinators = urls(coordinator);
        return new ClientConfig(coordinators.getFirst(), token == null ? null : token.value(), data.value(), workers,
                stateDir(), integer(Setting.AVERAGING_FREQUENCY, 16, 1, 1_000_000),
                integer(Setting.MAX_ROUNDS, 0, 0, Integer.MAX_VALUE), once, reEnrol, name(),
                integer(Setting.CHECK_IN_WAIT, 25, 0, 300),
                decimal(Setting.HELD_OUT_FRACTION, 0.1, 0, 0.99), backoff, giveUp == 0 ? null : seconds(giveUp),
                bundles(), coordinators.subList(1, coordinators.size()), caFile());
    }

    /** Most coordinator URLs one {@code coordinator} setting may list. */
    static final int MAX_COORDINATORS = 16;

    /**
     * The {@code coordinator} setting: one base URL, or the replicas of one deployment as a
     * comma-separated list in the order they are tried; each checked as {@link #url}, none twice.
     */
    private List<URI> urls(Sourced s) {
        List<String> parts = Arrays.stream(s.value().split(",", -1)).map(String::strip).toList();
        if (parts.size() > MAX_COORDINATORS || parts.stream().anyMatch(String::isEmpty)) {
            throw new ConfigException(Setting.COORDINATOR.key() + " must be one URL or a comma-separated list of 1 to "
                    + MAX_COORDINATORS + " URLs of one deployment's replicas, without empty entries (was '" + s.value()
                    + "', from " + s.source() + ")");
        }
        List<URI> urls = new ArrayList<>();
        for (String part : parts) {
            URI uri = url(new Sourced(part, s.source()));
            String normal = normalised(uri);
            if (urls.stream().map(ConfigResolver::normalised).anyMatch(normal::equals)) {
                throw new ConfigException(Setting.COORDINATOR.key() + " lists " + uri + " twice (from " + s.source()
                        + "); name each replica once");
            }
            urls.add(uri);
        }
        return List.copyOf(urls);
    }

    /** A base URL as compared between the configuration and the stored identity: without trailing slashes. */
    public static String normalised(URI uri) {
        return uri.toString().replaceAll("/+$", "");
    }

    /**
     * The CA file, read now: a file that is missing or holds no certificate is an error at start-up,
     * not a handshake failure later.
     */
    private Path caFile() {
        Sourced s = lookup(Setting.CA_FILE);
        if (s == null) {
            return null;
        }
        Path file = Path.of(s.value());
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(Setting.CA_FILE.key() + " " + file + " (from " + s.source() + ") does not exist;"
                    + " give the PEM file of the CA certificate(s) that issued the coordinator's certificate");
        }
        try {
            TlsTrust.readPem(file);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(Setting.CA_FILE.key() + " (from " + s.source() + "): " + e.getMessage());
        }
        return file;
    }

    /** The bundle settings; a trust file that does not exist is an error now, not at the first bundle. */
    private BundleOptions bundles() {
        Sourced trusted = lookup(Setting.TRUSTED_PUBLISHERS);
        if (trusted != null && !Files.exists(Path.of(trusted.value()))) {
            throw new ConfigException(Setting.TRUSTED_PUBLISHERS.key() + " " + trusted.value() + " (from "
                    + trusted.source() + ") does not exist; give the PEM file or folder of publisher keys");
        }
        Sourced dir = lookup(Setting.BUNDLE_DIR);
        Sourced isolation = lookup(Setting.BUNDLE_ISOLATION);
        String policy = isolation == null ? "best-effort" : isolation.value().trim().toLowerCase(Locale.ROOT);
        if (!BundleOptions.ISOLATION.contains(policy)) {
            throw new ConfigException(Setting.BUNDLE_ISOLATION.key() + " must be one of "
                    + String.join(", ", BundleOptions.ISOLATION) + " (was '" + isolation.value() + "', from "
                    + isolation.source() + ")");
        }
        Path stateDir = stateDir();
        Path work = dir == null ? BundleOptions.defaultWorkDir(stateDir) : Path.of(dir.value());
        Path a = work.toAbsolutePath().normalize();
        Path b = stateDir.toAbsolutePath().normalize();
        if (a.startsWith(b) || b.startsWith(a)) {
            throw new ConfigException(Setting.BUNDLE_DIR.key() + " " + work + " and the state directory " + stateDir
                    + " must not contain each other: bundle code never sees the state directory");
        }
        return new BundleOptions(trusted == null ? null : Path.of(trusted.value()), work,
                integer(Setting.BUNDLE_HEAP_MB, 1024, 64, 262_144), policy, bool(Setting.REQUIRE_SIGNED_PLANS),
                fileName == null ? List.of() : List.of(Path.of(fileName)));
    }

    /** A {@code true} / {@code false} setting, false when unset. */
    private boolean bool(Setting setting) {
        Sourced s = lookup(setting);
        String value = s == null ? "false" : s.value().strip().toLowerCase(Locale.ROOT);
        if (!value.equals("true") && !value.equals("false")) {
            throw new ConfigException(setting.key() + " must be true or false (was '" + s.value() + "', from "
                    + s.source() + ")");
        }
        return value.equals("true");
    }

    /** The state directory alone (for {@code status}). */
    public Path stateDir() {
        Sourced s = lookup(Setting.STATE_DIR);
        if (s != null) {
            if (s.value().isBlank()) {
                throw new ConfigException(Setting.STATE_DIR.key() + " is empty (from " + s.source() + "); give a directory");
            }
            return Path.of(s.value());
        }
        String xdg = env.get("XDG_STATE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".local", "state");
        return base.resolve("flotilla-edge");
    }

    private String name() {
        Sourced s = lookup(Setting.NAME);
        if (s != null) {
            return s.value();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return env.getOrDefault("HOSTNAME", "edge-device");
        }
    }

    private URI url(Sourced s) {
        try {
            URI uri = new URI(s.value().trim());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (scheme.equals("https") && uri.getHost() != null) {
                return uri;
            }
            if (scheme.equals("http") && uri.getHost() != null) {
                return plainHttp(uri, s);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new ConfigException(Setting.COORDINATOR.key() + " must be an http:// or https:// URL such as"
                + " https://fl.example.org:8080 (was '" + s.value() + "', from " + s.source() + ")");
    }

    /**
     * {@code http://} sends the client's secret in clear: allowed to this machine (loopback, e.g. a
     * local proxy or the demo), elsewhere only with {@code allow-insecure-http=true}, and then with
     * a warning.
     */
    private URI plainHttp(URI uri, Sourced s) {
        if (isLoopback(uri.getHost())) {
            return uri;
        }
        if (!bool(Setting.ALLOW_INSECURE_HTTP)) {
            throw new ConfigException(Setting.COORDINATOR.key() + " " + uri + " (from " + s.source() + ") is plain http://"
                    + " to another machine: the client's secret would travel in clear. Use https://, or set "
                    + Setting.ALLOW_INSECURE_HTTP.key() + "=true on a network you trust");
        }
        System.getLogger(ConfigResolver.class.getName()).log(System.Logger.Level.WARNING,
                "{0} is plain http:// to another machine ({1}=true): the client''s secret travels in clear",
                uri, Setting.ALLOW_INSECURE_HTTP.key());
        return uri;
    }

    /** {@code localhost}, 127.0.0.0/8 or ::1, as written (no name lookup: a resolver must not decide this). */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("localhost") || h.endsWith(".localhost") || h.equals("[::1]") || h.equals("::1")
                || h.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private int integer(Setting setting, int dflt, int min, int max) {
        return parse(setting, dflt, Integer::parseInt, min, max, "a whole number");
    }

    private double decimal(Setting setting, double dflt, double min, double max) {
        return parse(setting, dflt, Double::parseDouble, min, max, "a number");
    }

    private <T extends Comparable<T>> T parse(Setting setting, T dflt, Function<String, T> parser, T min, T max,
                                              String kind) {
        Sourced s = lookup(setting);
        if (s == null) {
            return dflt;
        }
        T value;
        try {
            value = parser.apply(s.value().trim());
        } catch (NumberFormatException e) {
            value = null;
        }
        if (value == null || value.compareTo(min) < 0 || value.compareTo(max) > 0
                || (value instanceof Double d && !Double.isFinite(d))) {
            throw new ConfigException(setting.key() + " must be " + kind + " from " + min + " to " + max
                    + " (was '" + s.value() + "', from " + s.source() + ")");
        }
        return value;
    }

    private Sourced lookup(Setting setting) {
        String v = cli.get(setting);
        if (v != null) {
            return new Sourced(v, setting.option());
        }
        v = env.get(setting.envName());
        if (v != null && !v.isEmpty()) {
            return new Sourced(v, setting.envName());
        }
        v = file.getProperty(setting.key());
        if (v != null && !v.isBlank()) {
            return new Sourced(v.trim(), setting.key() + " in " + fileName);
        }
        return null;
    }

    private ConfigException missing(Setting setting, String metavar) {
        return new ConfigException("no " + setting.key() + " given: pass " + setting.option() + " " + metavar + ", set "
                + setting.envName() + " or put " + setting.key() + "= in the config file");
    }

    private static Duration seconds(double s) {
        return Duration.ofNanos((long) (s * 1e9));
    }

    private record Sourced(String value, String source) {
    }
}
