package org.flotilla.edge;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The client's version and the native platform it was built for (from the build). */
public final class Version {

    private static final Properties PROPS = load();

    private Version() {
    }

    /** e.g. {@code 0.1.0-SNAPSHOT}. */
    public static String version() {
        return PROPS.getProperty("version", "unknown");
    }

    /** The {@code javacpp.platform} the archive was built for, e.g. {@code linux-x86_64}. */
    public static String builtFor() {
        return PROPS.getProperty("platform", "unknown");
    }

    /** The platform this JVM runs on, in javacpp's naming (e.g. {@code linux-arm64}). */
    public static String runningOn() {
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        String o = os.startsWith("linux") ? "linux" : os.startsWith("mac") ? "macosx" : os.startsWith("windows")
                ? "windows" : os;
        String a = switch (arch) {
            case "amd64", "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "armhf";
            default -> arch;
        };
        return o + "-" + a;
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // leave empty: "unknown"
        }
        return p;
    }
}
