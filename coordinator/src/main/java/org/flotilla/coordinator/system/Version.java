package org.flotilla.coordinator.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The coordinator's version, from the build ({@code version.properties}, filtered by Maven). */
public final class Version {

    private static final String VERSION = load();

    private Version() {
    }

    /** E.g. {@code 0.1.0-SNAPSHOT}; {@code unknown} when the resource is missing. */
    public static String coordinator() {
        return VERSION;
    }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("/org/flotilla/coordinator/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            return v.contains("@") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
