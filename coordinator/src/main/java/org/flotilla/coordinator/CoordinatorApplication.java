package org.flotilla.coordinator;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Flotilla coordinator: a Spring Boot service that runs federated jobs round by round and
 * keeps all their state in a database and a content-addressed artifact store.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CoordinatorApplication {

    /** Starts the coordinator; see {@code docs/coordinator.md} for the options. */
    public static void main(String[] args) {
        SpringApplication.run(CoordinatorApplication.class, args);
    }
}
