package org.flotilla.coordinator.support;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.flotilla.datasets.LabeledDataset;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole coordinator on a random port with its own H2 file database and artifact folder in a
 * temporary directory, driven over real HTTP. Closed after the test class.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
public abstract class IntegrationTest {

    public static final String ADMIN_TOKEN = "test-admin-token-0123456789abcdefghij";
    public static final String ENROLMENT_TOKEN = "test-enrolment-token-0123456789abcdef";

    @TempDir
    protected static Path dataDir;

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void dataDirectory(DynamicPropertyRegistry registry) {
        registry.add("flotilla.data-dir", () -> dataDir.toString());
    }

    protected URI base() {
        return URI.create("http://localhost:" + port);
    }

    protected AdminApi admin() {
        return new AdminApi(base(), ADMIN_TOKEN);
    }

    protected TestEdgeClient enrol(String name, LabeledDataset data) {
        return TestEdgeClient.enrol(base(), ENROLMENT_TOKEN, name, data);
    }

    /**
     * Enrols {@code count} clients named {@code prefix-i} on blobs of different sizes (60, 80, 100…
     * examples), so that an example-weighted mean differs from a uniform one.
     */
    protected List<TestEdgeClient> enrolOfDifferentSizes(String prefix, int count, long seed) {
        List<TestEdgeClient> clients = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            clients.add(enrol(prefix + "-" + i, Blobs.sample(60 + 20 * i, seed + i)));
        }
        return clients;
    }
}
