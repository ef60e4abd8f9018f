package org.flotilla.simulator;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.flotilla.coordinator.CoordinatorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real coordinator (its Spring Boot application: embedded Jetty on virtual threads, H2 in file
 * mode, the artifact folder) started in this JVM on a free loopback port, with fresh admin and
 * enrolment tokens; {@link #close()} stops it. Jetty is allowed one connection per virtual client
 * plus headroom, since every idle client holds a long-poll open.
 */
final class EmbeddedCoordinator implements AutoCloseable {

    /** The simulator's logging configuration (virtual clients and the coordinator log warnings only). */
    static final String LOGGING = "logback-simulator.xml";

    private final ConfigurableApplicationContext context;
    private final URI url;
    private final String adminToken;
    private final String enrolmentToken;

    private EmbeddedCoordinator(ConfigurableApplicationContext context, URI url, String adminToken,
                                String enrolmentToken) {
        this.context = context;
        this.url = url;
        this.adminToken = adminToken;
        this.enrolmentToken = enrolmentToken;
    }

    /**
     * Starts a coordinator keeping its data in {@code dataDir}.
     *
     * @param clients the virtual clients that will connect (sizes the server's connection limit)
     * @param extra   further {@code --key=value} settings of the coordinator
     */
    static EmbeddedCoordinator start(Path dataDir, int clients, List<String> extra) throws IOException {
        if (!Files.isDirectory(dataDir)) {
            Files.createDirectories(dataDir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
        String admin = randomToken();
        String enrolment = randomToken();
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--server.jetty.max-connections=" + Math.max(8192, clients + 512),
                "--flotilla.connections.accept-queue-size=" + Math.max(100, Math.min(clients, 4096)),
                "--flotilla.data-dir=" + dataDir,
                "--flotilla.admin-token=" + admin,
                "--flotilla.enrolment-token=" + enrolment,
                "--spring.main.banner-mode=off",
                "--spring.main.log-startup-info=false",
                "--logging.config=classpath:" + LOGGING,
                "--logging.level.root=WARN",
                "--logging.level.org.flotilla=WARN",
                "--logging.level.org.flywaydb=ERROR",
                "--springdoc.api-docs.enabled=false",
                "--springdoc.swagger-ui.enabled=false"));
        args.addAll(extra);
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(CoordinatorApplication.class)
                .run(args.toArray(String[]::new));
        String port = ctx.getEnvironment().getProperty("local.server.port");
        return new EmbeddedCoordinator(ctx, URI.create("http://127.0.0.1:" + port), admin, enrolment);
    }

    URI url() {
        return url;
    }

    String adminToken() {
        return adminToken;
    }

    String enrolmentToken() {
        return enrolmentToken;
    }

    @Override
    public void close() {
        context.close();
    }

    private static String randomToken() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
