package org.flotilla.operator.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.flotilla.coordinator.CoordinatorApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The real coordinator (its Spring Boot application, embedded Jetty, H2 in file mode, artifact
 * folder) started in this JVM on a random loopback port with fast check-in settings, and stopped
 * by {@link #close()}.
 */
public final class RunningCoordinator implements AutoCloseable {

    public static final String ADMIN_TOKEN = "operator-test-admin-token-0123456789";
    public static final String ENROLMENT_TOKEN = "operator-test-enrolment-token-012345";

    private final ConfigurableApplicationContext context;
    private final URI url;
    private final Path dataDir;

    private RunningCoordinator(ConfigurableApplicationContext context, URI url, Path dataDir) {
        this.context = context;
        this.url = url;
        this.dataDir = dataDir;
    }

    /** Starts a coordinator on {@code dataDir}; {@code extra} are further {@code --key=value} settings. */
    public static RunningCoordinator start(Path dataDir, String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--server.address=127.0.0.1",
                "--flotilla.data-dir=" + dataDir,
                "--flotilla.evaluation.root=" + dataDir.toAbsolutePath().getParent(),
                "--flotilla.admin-token=" + ADMIN_TOKEN,
                "--flotilla.enrolment-token=" + ENROLMENT_TOKEN,
                "--flotilla.tensor-pool-size=1",
                "--flotilla.check-in.max-wait=2s",
                "--flotilla.check-in.retry-after=1s",
                "--flotilla.check-in.recheck-interval=100ms",
                "--flotilla.sweep-interval=300ms",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN",
                "--logging.level.org.flotilla=WARN"));
        args.addAll(List.of(extra));
        ConfigurableApplicationContext ctx = new SpringApplicationBuilder(CoordinatorApplication.class)
                .run(args.toArray(String[]::new));
        String port = ctx.getEnvironment().getProperty("local.server.port");
        return new RunningCoordinator(ctx, URI.create("http://127.0.0.1:" + port), dataDir);
    }

    /** The base URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI url() {
        return url;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The operator's API with the admin token. */
    public Admin admin() {
        return new Admin(url, ADMIN_TOKEN);
    }

    /** Enrols a protocol client that trains on {@code data}. */
    public ProtocolClient enrol(String name, org.flotilla.datasets.LabeledDataset data) {
        return ProtocolClient.enrol(url, ENROLMENT_TOKEN, name, data);
    }

    @Override
    public void close() {
        context.close();
    }
}
