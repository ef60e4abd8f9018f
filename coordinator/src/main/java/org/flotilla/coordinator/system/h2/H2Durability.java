package org.flotilla.coordinator.system.h2;

import java.nio.file.Path;
import java.util.Locale;

import javax.sql.DataSource;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Wraps the data source in {@link SyncOnCommitDataSource} when {@code spring.datasource.url} is a
 * persistent H2 database (any {@code jdbc:h2:} URL but {@code mem:}); PostgreSQL needs nothing,
 * its default {@code synchronous_commit=on} already flushes the WAL before a commit returns. Also
 * exports {@code flotilla_db_durable_commits_total} and {@code flotilla_db_syncs_total}.
 */
@Configuration(proxyBeanMethods = false)
public class H2Durability {

    private static final Logger log = LoggerFactory.getLogger(H2Durability.class);

    @Bean
    static BeanPostProcessor h2SyncOnCommit(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                String url = env.getProperty("spring.datasource.url", "");
                if (bean instanceof DataSource ds && !(bean instanceof SyncOnCommitDataSource) && isPersistentH2(url)) {
                    log.info("H2 commits are synced to disk before they return (WRITE_DELAY=0, CHECKPOINT SYNC per commit)");
                    return new SyncOnCommitDataSource(ds, databaseFolder(url));
                }
                return bean;
            }
        };
    }

    @Bean
    MeterBinder h2SyncMeters(DataSource dataSource) {
        return registry -> {
            if (dataSource instanceof SyncOnCommitDataSource s) {
                FunctionCounter.builder("flotilla.db.durable.commits", s, SyncOnCommitDataSource::durableCommits)
                        .description("H2 commits made durable before returning").register(registry);
                FunctionCounter.builder("flotilla.db.syncs", s, SyncOnCommitDataSource::syncs)
                        .description("H2 CHECKPOINT SYNC runs (concurrent commits share one)").register(registry);
            }
        };
    }

    static boolean isPersistentH2(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.startsWith("jdbc:h2:") && !u.startsWith("jdbc:h2:mem:");
    }

    /** The folder of the database file for a {@code jdbc:h2:file:} or bare-path URL on this machine, else null. */
    static Path databaseFolder(String url) {
        String rest = url.substring("jdbc:h2:".length());
        int semicolon = rest.indexOf(';');
        if (semicolon >= 0) {
            rest = rest.substring(0, semicolon);
        }
        if (rest.startsWith("file:")) {
            rest = rest.substring("file:".length());
        } else if (rest.startsWith("tcp:") || rest.startsWith("ssl:") || rest.contains(":") && !rest.startsWith("/")) {
            return null; // a server, or another H2 file system (nio:, split:, …)
        }
        if (rest.startsWith("~")) {
            rest = System.getProperty("user.home") + rest.substring(1);
        }
        Path parent = Path.of(rest).toAbsolutePath().normalize().getParent();
        return parent;
    }
}
