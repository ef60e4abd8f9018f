package org.flotilla.coordinator.artifact;

import java.io.IOException;

import org.flotilla.coordinator.system.FlotillaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/** The artifact store that {@code flotilla.artifacts.store} names. */
@Configuration(proxyBeanMethods = false)
class ArtifactStoreConfiguration {

    @Bean
    ArtifactStore artifactStore(FlotillaProperties flotilla, ArtifactProperties settings, ArtifactRepository repository,
                                JdbcClient jdbc, PlatformTransactionManager transactions) throws IOException {
        return switch (settings.store()) {
            case FILESYSTEM -> new FileArtifactStore(flotilla.dataDir(), repository, transactions);
            case DATABASE -> new DatabaseArtifactStore(flotilla.dataDir(), repository, jdbc, transactions);
        };
    }
}
