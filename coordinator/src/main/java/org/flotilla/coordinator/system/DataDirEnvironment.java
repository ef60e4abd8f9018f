package org.flotilla.coordinator.system;

import java.nio.file.Path;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Points the embedded H2 database at {@code <flotilla.data-dir>/db} with an absolute path (H2
 * refuses implicitly relative ones such as {@code data/db}). The URL is computed when it is read,
 * so a data directory set late (a test's dynamic property) is honoured. Added with the lowest
 * precedence: an explicit {@code spring.datasource.url} — e.g. from the {@code postgres} profile —
 * wins.
 */
public class DataDirEnvironment implements EnvironmentPostProcessor, Ordered {

    static final String SOURCE = "flotillaDataDir";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        env.getPropertySources().addLast(new EmbeddedDatabase(env));
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    /** The H2 URL for a data directory. */
    static String h2Url(String dataDir) {
        Path dir = Path.of(dataDir).toAbsolutePath().normalize();
        return "jdbc:h2:file:" + dir.resolve("db").resolve("flotilla").toString().replace('\\', '/')
                + ";LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE";
    }

    /** Not an environment-backed source: Boot flattens those, which would recurse into the environment itself. */
    private static final class EmbeddedDatabase extends PropertySource<Object> {

        private final ConfigurableEnvironment env;

        EmbeddedDatabase(ConfigurableEnvironment env) {
            super(SOURCE, new Object());
            this.env = env;
        }

        @Override
        public Object getProperty(String name) {
            return switch (name) {
                case "spring.datasource.url" -> h2Url(env.getProperty("flotilla.data-dir", "./flotilla-data"));
                case "spring.datasource.username" -> "sa";
                case "spring.datasource.password" -> "";
                default -> null;
            };
        }
    }
}
