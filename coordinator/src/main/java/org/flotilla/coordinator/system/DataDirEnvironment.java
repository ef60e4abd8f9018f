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
 *
 * <p>Durability: {@code WRITE_DELAY=0} makes H2 write a commit's chunk to the file before the
 * commit returns (the default, 500 ms, leaves it in the process's memory, where a SIGKILL loses
 * it); H2 never fsyncs on commit by itself, so {@link org.flotilla.coordinator.system.h2.H2Durability}
 * adds {@code CHECKPOINT SYNC} after every commit. {@code FILE_LOCK=FS} (H2's default, stated so
 * it is not changed by accident) locks the file with an OS lock that dies with the process, so a
 * coordinator restarted after a crash opens its database at once. {@code QUERY_CACHE_SIZE=64}
 * (H2's default is 8 per connection) keeps the parsed statements of the hot paths — check-in,
 * enrolment, upload — from pushing each other out.
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
                + ";WRITE_DELAY=0;FILE_LOCK=FS;LOCK_TIMEOUT=10000;DB_CLOSE_ON_EXIT=FALSE"
                + ";QUERY_CACHE_SIZE=64";
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
